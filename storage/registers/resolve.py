"""Which collectivité and which country a register row means.

Collectivités (design.md "Codes"), in this order: a SIREN (or the SIREN of a SIRET) names an
EPCI ``epci:<SIREN>``; an INSEE code names a commune ``commune:<INSEE>``; otherwise the name,
with the département when the name alone is shared (Saint-Denis is 93066 and 97411). A name
with a council prefix ("Département de…", "Conseil régional…", "Région…") names a département
or région council; "Communauté…", "Métropole…" an EPCI. Anything else is unresolved, with the
reason said.

Countries: ISO codes, French names and the aliases of the ``countries`` table; French
territories are refused as partners.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from sqlalchemy import Connection, select

from models import Collectivite, Country
from storage.registers.reading import normalise

DEP_KINDS = {"departement", "collectivite_europeenne", "metropole", "ville_departement"}
REGION_KINDS = {"region", "collectivite_unique"}
_DEP_PREFIX = re.compile(
    r"^(conseil (departemental|general)|departement|cd)( (de la|de l|du|des|de|d))? "
)
_REG_PREFIX = re.compile(
    r"^(conseil regional|region|collectivite (territoriale|unique))( (de la|de l|du|des|de|d))? "
)
_COUNCIL_NAME = re.compile(
    r"^(conseil (departemental|regional|general)|collectivite (territoriale|europeenne|unique)?"
    r"|departement|region|metropole)( (de la|de l|du|des|de|d))? "
)
_EPCI_PREFIX = re.compile(r"^(communaute|metropole|ca|cc|cu|syndicat|etablissement public) ")
_COMMUNE_PREFIX = re.compile(r"^(ville|commune|mairie)( (de la|de l|du|des|de|d))? ")
_ARTICLE_AFTER = re.compile(r"^(.*) \((le|la|les|l)\)$")
_DEP_CODE = re.compile(r"^(\d{1,3}|2a|2b)\b")
KIND_WORDS = {
    "commune": "commune",
    "ville": "commune",
    "epci": "epci",
    "intercommunalite": "epci",
    "communaute": "epci",
    "metropole": "epci",
    "syndicat": "epci",
    "departement": "dep",
    "conseil departemental": "dep",
    "region": "reg",
    "conseil regional": "reg",
}


@lru_cache(maxsize=262_144)
def name_key(raw: str) -> str:
    """Comparison form of a commune name: "St-Denis", "SAINT DENIS", "Mans (Le)" → one key."""
    text = normalise(raw)
    match = _ARTICLE_AFTER.match(raw.strip().lower())
    if match:
        text = normalise(f"{match.group(2)} {match.group(1)}")
    text = re.sub(r"\bste\b", "sainte", re.sub(r"\bst\b", "saint", text))
    return text


@dataclass
class Resolution:
    code: str | None
    reason: str = ""


@dataclass
class CollectiviteIndex:
    """Collectivités of the reference, indexed for the resolution order above."""

    codes: set[str] = field(default_factory=set)
    communes: dict[str, list[tuple[str, str | None]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    epci: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    deps: dict[str, str] = field(default_factory=dict)  # territory name key → code
    dep_codes: set[str] = field(default_factory=set)
    regions: dict[str, str] = field(default_factory=dict)
    councils: dict[str, str] = field(default_factory=dict)  # full council name key → code

    @classmethod
    def load(cls, conn: Connection) -> CollectiviteIndex:
        index = cls()
        rows = conn.execute(
            select(
                Collectivite.code,
                Collectivite.kind,
                Collectivite.name,
                Collectivite.departement_code,
            )
        )
        for code, kind, name, dep in rows:
            index.codes.add(code)
            key = name_key(name)
            if kind == "commune":
                index.communes[key].append((code, dep))
                if dep:
                    index.dep_codes.add(dep.lower())
            elif kind == "epci":
                index.epci[key].append(code)
            else:
                index.councils[key] = code
                territory = _COUNCIL_NAME.sub("", key)
                if code.startswith("dep:"):
                    index.deps.setdefault(territory, code)
                    index.dep_codes.add(code[4:].lower())
                if kind in REGION_KINDS or code.startswith("reg:"):
                    index.regions.setdefault(territory, code)
        return index

    def departement(self, raw: str) -> str | None:
        """A département code from "93", "2A", "974", "1" (Excel), "93 - Seine-Saint-Denis" or
        "Seine-Saint-Denis"; None when it names none."""
        text = normalise(raw)
        if not text:
            return None
        match = _DEP_CODE.match(text)
        if match:
            code = match.group(1)
            code = code.zfill(2) if code.isdigit() and len(code) < 2 else code
            return code.upper() if code in self.dep_codes else None
        found = self.deps.get(name_key(raw))
        return found[4:] if found else None

    def resolve(
        self,
        siren: str = "",
        insee: str = "",
        name: str = "",
        departement: str = "",
        kind: str = "",
    ) -> Resolution:
        digits = re.sub(r"\D", "", siren or "")
        if digits:
            if len(digits) in (9, 14) and f"epci:{digits[:9]}" in self.codes:
                return Resolution(f"epci:{digits[:9]}")
            if not (insee or name):
                return Resolution(
                    None,
                    f"SIREN {siren.strip()} is not an EPCI of the reference (communes, "
                    "départements and régions are found by INSEE code or name)",
                )
        code = (insee or "").strip().upper()
        if code:
            if code.isdigit() and len(code) < 5:
                code = code.zfill(5)
            if f"commune:{code}" in self.codes:
                return Resolution(f"commune:{code}")
            if not name:
                return Resolution(None, f"unknown INSEE code {insee.strip()!r}")
        if not (name or "").strip():
            return Resolution(None, "no SIREN, INSEE code or name")
        return self._by_name(name, departement, kind)

    def _by_name(self, name: str, departement: str, kind: str) -> Resolution:
        dep = self.departement(departement) if departement.strip() else None
        if departement.strip() and dep is None:
            return Resolution(None, f"unknown département {departement.strip()!r}")
        key = name_key(name)
        wanted = KIND_WORDS.get(normalise(kind).split(" ")[0] if kind else "", "")
        wanted = KIND_WORDS.get(normalise(kind), wanted)
        if key in self.councils and wanted in ("", "dep", "reg", "epci"):
            return Resolution(self.councils[key])
        if wanted == "dep" or _DEP_PREFIX.match(key + " "):
            territory = (
                _DEP_PREFIX.sub("", key + " ").strip() if _DEP_PREFIX.match(key + " ") else key
            )
            code = self.deps.get(territory) or (f"dep:{dep}" if dep and not territory else None)
            if code is None and dep and f"dep:{dep}" in self.codes:
                code = f"dep:{dep}"
            return Resolution(code, "" if code else f"no département council named {name!r}")
        if wanted == "reg" or _REG_PREFIX.match(key + " "):
            territory = (
                _REG_PREFIX.sub("", key + " ").strip() if _REG_PREFIX.match(key + " ") else key
            )
            code = self.regions.get(territory)
            return Resolution(code, "" if code else f"no région council named {name!r}")
        if wanted == "epci" or _EPCI_PREFIX.match(key + " "):
            found = self.epci.get(key, [])
            if len(found) == 1:
                return Resolution(found[0])
            if not found:
                return Resolution(None, f"no EPCI named {name!r}: give its SIREN")
            return Resolution(None, f"{len(found)} EPCI named {name!r}: give its SIREN")
        return self._commune_named(name, key, dep)

    def _commune_named(self, name: str, key: str, dep: str | None) -> Resolution:
        """The one commune of that name (in ``dep`` when given), else the one EPCI of it."""
        if key not in self.communes and _COMMUNE_PREFIX.match(key + " "):
            # "Ville de Chambéry" → Chambéry; but "Ville-devant-Belrain" is a commune's name.
            key = _COMMUNE_PREFIX.sub("", key + " ").strip()
        found_communes = self.communes.get(key, [])
        if dep:
            found_communes = [c for c in found_communes if c[1] == dep]
        if len(found_communes) == 1:
            return Resolution(found_communes[0][0])
        if not found_communes:
            where = f" in département {dep}" if dep else ""
            epci = self.epci.get(key, [])
            if not dep and len(epci) == 1:
                return Resolution(epci[0])
            return Resolution(None, f"no commune named {name!r}{where}")
        deps = ", ".join(sorted(d or "?" for _, d in found_communes))
        return Resolution(
            None,
            f"{len(found_communes)} communes named {name!r} (départements {deps}): give the département or INSEE code",
        )


@dataclass
class CountryIndex:
    """Partner countries by ISO code, French name or alias (``countries``)."""

    names: dict[str, str] = field(default_factory=dict)
    french: set[str] = field(default_factory=set)

    @classmethod
    def load(cls, conn: Connection) -> CountryIndex:
        index = cls()
        rows = list(
            conn.execute(
                select(
                    Country.iso2,
                    Country.iso3,
                    Country.name_fr,
                    Country.aliases,
                    Country.is_french_territory,
                )
            )
        )
        for iso2, iso3, name_fr, _aliases, french in rows:
            if french:
                index.french.add(iso2)
            for key in (iso2, iso3, name_fr):
                index.names.setdefault(normalise(key), iso2)
        for iso2, _iso3, _name, aliases, _french in rows:
            for alias in aliases or []:
                index.names.setdefault(normalise(alias), iso2)
        return index

    def resolve(self, raw: str) -> tuple[str | None, str]:
        iso2 = self.names.get(normalise(raw))
        if iso2 is None:
            return None, f"unknown country {raw.strip()!r}"
        if iso2 in self.french or iso2 == "FR":
            return None, f"{raw.strip()!r} is France, not a partner country"
        return iso2, ""

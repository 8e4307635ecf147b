"""Partnership pairs: a French territory named as one side of a pair with a foreign one.

"Le jumelage Lestrem - Schwitten", "Jumelage Plouay-Alpirsbach", "la coopération
Vakinankaratra/Auvergne", "projets entre Pyrénées-Atlantiques et Gipuzkoa", "les villes de
Lestrem et Schwitten": the pair names the council that takes part, whatever its size (a commune
of 4,500 inhabitants named bare would be a mere place). :func:`paired` finds the French side;
:mod:`nlp.actors` makes it a collectivité actor. Pure functions over the collectivité index.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from functools import cache

from nlp.gazetteer import CollectiviteIndex, Mention, collectivite_index, fold_with_offsets

#: Words that introduce a pair of partner territories (folded).
_PAIR_CUE = re.compile(
    r"(?<![\w-])(?:jumelage|cooperation|partenariat|amitie|projets|echanges|convention|"
    r"villes|communes)[ \t]+(?:(?:decentralisee|transfrontaliere|jumelees|jumelles|entre)[ \t]+)*"
    r"(?:(?:de|des)[ \t]+|d')?"
)
#: What joins the two sides of a pair: a slash, a dash, "et (de)"; never a line break.
_PAIR_SEP = re.compile(
    r"[ \t]*(?:/|–|—|[ \t]-[ \t]|-(?=[a-z])|[ \t]et[ \t]+(?:de[ \t]+|d')?)[ \t]*"
)
#: The same, spaced: a hyphen inside "Centre-Bretagne" or "Sainte-Croix" joins no pair.
_SPACED_SEP = re.compile(r"[ \t]*(?:/|–|—)[ \t]*|[ \t]-[ \t]|[ \t]et[ \t]+(?:de[ \t]+|d')?")
#: One side of a pair: one to four words.
_ONE_NAME = re.compile(r"[\w'-]+(?:[ \t][\w'-]+){0,3}")
_NAME_END = re.compile(r"(?![\w-])")
_ARTICLE = re.compile(r"(?:les |le |la |l')")
_COMPASS_PAIR = re.compile(r"(?:nord|sud|est|ouest)[ \t]*[-/–][ \t]*(?:nord|sud|est|ouest)\b")
#: A council word is no name ("la Ville de Québec": Villé is a commune).
_COUNCIL_WORD = re.compile(
    r"(?:ville|villes|commune|communes|region|departement|metropole|communaute|mairie)(?![\w-])"
)

_Hit = tuple[Mention, int]


def paired(text: str, index: CollectiviteIndex | None = None) -> list[Mention]:
    """French territories named as one side of a partnership pair (see the module docstring);
    not two French territories ("entre Alsace et Savoie"), nor a body's name in mid-sentence
    ("l'association lamballaise Amitié Bretagne-Ndé")."""
    index = index or collectivite_index()
    folded, offsets = fold_with_offsets(text)
    found: list[Mention] = []
    for cue in _PAIR_CUE.finditer(folded):
        if _inside_a_name(text, folded, offsets, cue.start()):
            continue
        at = cue.end()
        if _COMPASS_PAIR.match(folded, at):
            continue  # "la coopération Nord-Sud": directions, not the Nord département
        hit = _territory(index, text, folded, offsets, at)
        if hit is not None:
            sep = _PAIR_SEP.match(folded, hit[1])
            if sep and _territory(index, text, folded, offsets, sep.end()) is None:
                found.append(_mention(hit, at, offsets))
            continue
        # The French side second: a capitalised first side, then a spaced separator.
        article = _ARTICLE.match(folded, at)
        first = article.end() if article else at
        if first >= len(offsets) or not text[offsets[first]].isupper():
            continue
        sep = _SPACED_SEP.search(folded, first, min(len(folded), first + 40))
        if sep is None or not _ONE_NAME.fullmatch(folded, first, sep.start()):
            continue
        hit = _territory(index, text, folded, offsets, sep.end())
        if hit is not None and _NAME_END.match(folded, hit[1]):
            found.append(_mention(hit, sep.end(), offsets))
    return found


def _territory(
    index: CollectiviteIndex, text: str, folded: str, offsets: Sequence[int], at: int
) -> _Hit | None:
    """A capitalised département, region or commune name starting at ``at`` (its mention
    without offsets, and where it ends in the folded text)."""
    article = _ARTICLE.match(folded, at)
    start = article.end() if article else at
    if start >= len(offsets) or not text[offsets[start]].isupper():
        return None
    if _COUNCIL_WORD.match(folded, start):
        return None
    tables = (index.departements, index.regions, index.communes)
    for table in tables:
        hit = index.longest(table, folded, start)
        if hit is not None:
            return Mention(hit[0].code, hit[0].name, 0, 0), hit[1]
    # "Plouay-Alpirsbach": the two sides joined by a hyphen before a capital.
    word = re.match(r"[\w'-]+", folded[start:])
    if word is None or _starts_a_commune(index, word.group(0)):
        return None  # "Château-Gontier": a commune's longer name, not a pair
    cuts = [i for i, c in enumerate(word.group(0)) if c == "-"]
    for cut in reversed(cuts):
        if start + cut + 1 < len(offsets) and text[offsets[start + cut + 1]].isupper():
            key = folded[start : start + cut]
            entry = next((t[key] for t in tables if key in t), None)
            if entry is not None:
                return Mention(entry.code, entry.name, 0, 0), start + cut
    return None


@cache
def _commune_keys(index: CollectiviteIndex) -> list[str]:
    return sorted(index.communes)


def _starts_a_commune(index: CollectiviteIndex, word: str) -> bool:
    """Whether a commune's name begins with ``word`` ("chateau-gontier" → Château-Gontier-
    sur-Mayenne)."""
    keys = _commune_keys(index)
    at = bisect_left(keys, word)
    return at < len(keys) and keys[at].startswith(word)


def _mention(hit: _Hit, at: int, offsets: Sequence[int]) -> Mention:
    entity, end = hit
    return Mention(entity.code, entity.name, offsets[at], offsets[end - 1] + 1)


def _inside_a_name(text: str, folded: str, offsets: Sequence[int], at: int) -> bool:
    """A capitalised word in mid-sentence ("…lamballaise Amitié Bretagne-Ndé"): part of a name."""
    if at < 2 or not text[offsets[at]].isupper():
        return False
    return folded[at - 1] == " " and folded[at - 2] not in ".!?:»\n"

"""Rules the tagger combines with the classifier: the candidate prefilter, unambiguous AICT
instruments ("strong terms"), and the choice of partner countries among country mentions.

Pure functions over strings and gazetteer mentions; term lists are data in ``resources/``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from functools import cache

import yaml

from nlp.gazetteer import RESOURCES, Mention, country_index
from nlp.text import fold

#: Objects whose strong terms also need a foreign place in the text (a twinning between two
#: French communes or an EU grant for a domestic building is not AICT).
NEEDS_FOREIGN_PLACE = frozenset({"twinning", "cooperation", "emergency"})


def _word_prefix_regex(terms: Iterable[str]) -> re.Pattern[str]:
    ordered = sorted({t for t in terms if t}, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(t) for t in ordered) + ")")


@cache
def prefilter_regex() -> re.Pattern[str]:
    """Word-prefix regex of the candidate filter: term list plus every country alias."""
    lines = (RESOURCES / "prefilter_terms.txt").read_text(encoding="utf-8").splitlines()
    terms = [fold(line.strip()) for line in lines if line.strip() and not line.startswith("#")]
    terms.extend(country_index().by_alias)
    return _word_prefix_regex(terms)


def is_candidate(folded_text: str) -> bool:
    """Whether a (folded) text may be about AICT and deserves the full pipeline."""
    return prefilter_regex().search(folded_text) is not None


@cache
def strong_terms() -> dict[str, str]:
    data = yaml.safe_load((RESOURCES / "strong_terms.yaml").read_text(encoding="utf-8"))
    return {fold(k): v for k, v in data.items()}


@cache
def _strong_regex() -> re.Pattern[str]:
    terms = sorted(strong_terms(), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(" + "|".join(re.escape(t) for t in terms) + r")(?![\w-])")


def strong_objects(folded_text: str, *, council_acts: bool, foreign_place: bool) -> set[str]:
    """Objects named by unambiguous instruments, when a council acts in the text."""
    if not council_acts:
        return set()
    objects = {strong_terms()[m.group(1)] for m in _strong_regex().finditer(folded_text)}
    if not foreign_place:
        objects -= NEEDS_FOREIGN_PLACE
    return objects


def partner_countries(mentions: Iterable[Mention]) -> list[str]:
    """ISO2 codes of the countries an AICT text involves, from its country mentions.

    A country named (or one of its places) counts; a demonym alone counts only when repeated —
    on the corpus a single "polonaise" or "russe" is as often a passing word as a partner.
    """
    by_code: dict[str, list[Mention]] = defaultdict(list)
    for mention in mentions:
        by_code[mention.code].append(mention)
    chosen = [
        code
        for code, found in by_code.items()
        if any(not m.demonym for m in found) or len(found) >= 2
    ]
    return sorted(chosen)

"""Rules the tagger combines with the classifier: the candidate prefilter, unambiguous AICT
instruments ("strong terms"), and the choice of partner countries among country mentions.

Pure functions over strings and gazetteer mentions; term lists are data in ``resources/``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import yaml

from nlp.gazetteer import RESOURCES, Mention, country_index
from nlp.text import alternation, fold

#: Objects whose strong terms also need a foreign place in the text (a twinning between two
#: French communes or an EU grant for a domestic building is not AICT).
NEEDS_FOREIGN_PLACE = frozenset({"twinning", "cooperation", "emergency"})


_TOKEN = re.compile(r"\w+(?:-\w+)*")
_MAX_PHRASE = 5
#: Distinct words the prefilter remembers as starting with no prefix term.
_MAX_MISSES = 200_000


def tokens(folded_text: str) -> list[str]:
    """Words of a folded text (hyphenated words kept whole, apostrophes split)."""
    return _TOKEN.findall(folded_text)


class Prefilter:
    """Cheap candidate test on folded text: word prefixes and exact phrases, looked up in sets.

    Set look-ups over the words cost a fraction of a regex alternation over ~2,500 names and
    run before spaCy tokenises anything.
    """

    def __init__(self, prefixes: set[str], phrases: set[str]) -> None:
        self.prefixes = prefixes
        self.lengths = sorted({len(p) for p in prefixes})
        self.phrases = phrases
        self.phrase_sizes = sorted({p.count(" ") + 1 for p in phrases} - {1})
        #: First words of the phrases: only a word among them can start one (most words of a
        #: text are not, so the n-grams after them are never built).
        self.phrase_starts = {p.split(" ")[0] for p in phrases}
        #: Words known to start with no prefix (bounded: cleared past ``_MAX_MISSES``).
        self._misses: set[str] = set()

    def __call__(self, folded_text: str) -> bool:
        # Set operations in C over the distinct words; a word's prefix test is remembered
        # (a stream repeats its words), and phrases are tried only at the words that start one
        # (the word-by-word loops cost 0.3 s a pass of the tagging benchmark).
        words = tokens(folded_text)
        distinct = set(words)
        if not distinct.isdisjoint(self.phrases):
            return True
        misses = self._misses
        if len(misses) > _MAX_MISSES:
            misses.clear()
        for word in distinct.difference(misses):
            if self._has_prefix(word):
                return True
            misses.add(word)
        starts = self.phrase_starts
        if distinct.isdisjoint(starts):
            return False
        at = [i for i, word in enumerate(words) if word in starts]
        phrases, count = self.phrases, len(words)
        for size in self.phrase_sizes:
            for start in at:
                if start + size <= count and " ".join(words[start : start + size]) in phrases:
                    return True
        return False

    def _has_prefix(self, word: str) -> bool:
        prefixes = self.prefixes
        for length in self.lengths:
            if length > len(word):
                return False
            if word[:length] in prefixes:
                return True
        return False


def _normalise(term: str) -> str:
    return " ".join(tokens(fold(term)))


@cache
def prefilter() -> Prefilter:
    """The candidate filter: term list (prefixes, phrases) plus every country alias and place."""
    lines = (RESOURCES / "prefilter_terms.txt").read_text(encoding="utf-8").splitlines()
    terms = [_normalise(line) for line in lines if line.strip() and not line.startswith("#")]
    prefixes = {t for t in terms if " " not in t}
    phrases = {t for t in terms if " " in t}
    phrases.update(_normalise(alias) for alias in country_index().by_alias)
    return Prefilter(prefixes, phrases)


def is_candidate(folded_text: str) -> bool:
    """Whether a (folded) text may be about AICT and deserves the full pipeline."""
    return prefilter()(folded_text)


@cache
def strong_terms() -> dict[str, str]:
    data = yaml.safe_load((RESOURCES / "strong_terms.yaml").read_text(encoding="utf-8"))
    return {fold(k): v for k, v in data.items()}


@cache
def _strong_regex() -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])(" + alternation(strong_terms()) + r")(?![\w-])")


def has_strong_term(folded_text: str) -> bool:
    """Whether an unambiguous AICT instrument is named (cheap test before the gazetteers)."""
    return _strong_regex().search(folded_text) is not None


def strong_objects(folded_text: str, *, council_acts: bool, foreign_place: bool) -> set[str]:
    """Objects named by unambiguous instruments, when a council acts in the text."""
    if not council_acts:
        return set()
    objects = {strong_terms()[m.group(1)] for m in _strong_regex().finditer(folded_text)}
    if not foreign_place:
        objects -= NEEDS_FOREIGN_PLACE
    return objects


_SENTENCE = re.compile(r"[^.!?\n]+")


@dataclass(frozen=True)
class _Reception:
    verbs: re.Pattern[str]
    people: re.Pattern[str]
    families: re.Pattern[str]
    demonyms: frozenset[str]
    homes: re.Pattern[str]


@cache
def _reception() -> _Reception:
    data = yaml.safe_load((RESOURCES / "refugee_reception.yaml").read_text(encoding="utf-8"))
    return _Reception(
        re.compile(r"\b(?:" + "|".join(data["verbs"]) + r")\b"),
        re.compile(r"\b(?:" + "|".join(data["people"]) + r")\b"),
        re.compile(r"\b(?:" + "|".join(data["families"]) + r") ([\w-]+)"),
        frozenset(country_index().demonyms),
        re.compile(r"\b(?:" + "|".join(data["homes"]) + r")\b"),
    )


def names_reception(folded_text: str) -> bool:
    """Whether a sentence houses people who fled abroad (``refugee_reception.yaml``): "la
    commune héberge une famille ukrainienne", "des réfugiés afghans accueillis par le village".
    Who houses them is the decision's question (:func:`nlp.decision.council_houses_refugees`)."""
    table = _reception()
    for sentence in _SENTENCE.finditer(folded_text):
        text = sentence.group()
        if table.verbs.search(text) is None:
            continue
        if table.people.search(text) or any(
            m.group(1) in table.demonyms for m in table.families.finditer(text)
        ):
            return True
    return False


def names_refugees(folded_text: str) -> bool:
    """Whether a text names people who fled abroad anywhere ("réfugiés", "des familles
    ukrainiennes"), whether or not a sentence houses them."""
    table = _reception()
    return table.people.search(folded_text) is not None or any(
        m.group(1) in table.demonyms for m in table.families.finditer(folded_text)
    )


def houses_someone(folded_sentence: str) -> bool:
    """Whether a sentence houses someone in a home ("a mis à disposition huit appartements",
    "héberge la famille"): the reception of refugees in a text that names them
    (:func:`names_refugees`)."""
    table = _reception()
    return table.verbs.search(folded_sentence) is not None and (
        table.homes.search(folded_sentence) is not None
    )


def starts_with_reception(folded_text: str) -> bool:
    """Whether a (folded) text opens on a verb of housing ("accueille une famille…")."""
    return _reception().verbs.match(folded_text.lstrip()) is not None


def plausible_whatever_the_score(folded_text: str) -> bool:
    """Whether a candidate deserves the actors' analysis even when the classifier gives it a low
    score: it names an unambiguous instrument or a reception of refugees (rare in the training
    corpus, so the classifier's words miss them)."""
    return has_strong_term(folded_text) or names_reception(folded_text)


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

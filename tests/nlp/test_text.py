"""nlp.text: the trie alternation matches as a flat longest-first alternation, and fold keeps
its per-character definition."""

from __future__ import annotations

import random
import re
import unicodedata

import pytest

from nlp.text import alternation, fold

NAMES = [
    "saint",
    "saint-malo",
    "saint malo agglo",
    "la",
    "la baule",
    "l'isle",
    "l'isle-adam",
    "consul general d'",
    "ile",
    "ile maurice",
    "a.b",  # regex characters are escaped
    "c+",
]


def _flat(names: list[str]) -> str:
    return "|".join(re.escape(n) for n in sorted(set(names), key=len, reverse=True))


def _matches(pattern: str, text: str) -> list[tuple[int, str]]:
    compiled = re.compile(r"(?<![\w-])(" + pattern + r")(?:(?<=')|(?![\w-]))")
    return [(m.start(), m.group(1)) for m in compiled.finditer(text)]


def test_alternation_matches_the_longest_name_as_a_flat_alternation() -> None:
    rng = random.Random(7)
    pieces = [*NAMES, "x", "-", " ", ", ", "'", "malouin", "adamant", "abb", "c++"]
    for _ in range(300):
        text = "".join(rng.choice(pieces) for _ in range(12))
        assert _matches(alternation(NAMES), text) == _matches(_flat(NAMES), text), text


def test_alternation_of_nothing_and_of_one_name() -> None:
    assert alternation([]) == ""
    assert re.fullmatch(alternation(["brest"]), "brest")
    assert _matches(alternation(["la", "la baule"]), "la baule-escoublac et la baule") == [
        (0, "la"),
        (22, "la baule"),
    ]


@pytest.mark.parametrize(
    "text",
    ["Éléphant « ça » — Zürich", "a\u0301\u0483b", "ﬁn d’année", "Œuvre x\u1dc0y", "Mbour\u0307"],
)
def test_fold_removes_every_combining_mark(text: str) -> None:
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    expected = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    assert fold(text) == expected

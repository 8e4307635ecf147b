"""Boilerplate removal after extraction (issue 12, item 7): whole lines, patterns as data.

trafilatura keeps what sits inside the article container, and publishers put there cookie
dialogs, newsletter pitches, "Lire aussi" links, share bars, reading times, registration
walls and photo credits. Those texts feed the tagger, relay similarity and dedup, so they are
dropped here, **one line at a time**: a line goes only when a pattern of
``resources/boilerplate.yaml`` matches all of it (after folding case, apostrophes and blanks),
so an article sentence that merely mentions a newsletter or a subscription survives.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

PATTERNS_FILE = Path(__file__).with_name("resources") / "boilerplate.yaml"
#: A line longer than this is prose, whatever it starts with (a cookie notice is a paragraph
#: at most; an article paragraph that opens with "Lire aussi" is not boilerplate).
MAX_BOILERPLATE_LINE = 600
_FOLD = str.maketrans({"\u2019": "'", "\u2018": "'", "\u00a0": " ", "\u202f": " "})


@dataclass(frozen=True)
class Boilerplate:
    """Compiled patterns: one alternation per family (cookie, newsletter, read_also, …)."""

    families: dict[str, re.Pattern[str]]

    def family_of(self, line: str) -> str | None:
        """The family whose pattern matches the whole ``line``, or None (prose)."""
        folded = " ".join(line.translate(_FOLD).split()).strip(" -–—•|>»")
        if not folded or len(folded) > MAX_BOILERPLATE_LINE:
            return None
        for family, pattern in self.families.items():
            if pattern.fullmatch(folded):
                return family
        return None


def compile_patterns(table: dict[str, list[str]]) -> Boilerplate:
    """Patterns of a ``{family: [regex, …]}`` table (the YAML file's shape)."""
    families = {
        family: re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)
        for family, patterns in table.items()
        if patterns
    }
    return Boilerplate(families)


@cache
def default_patterns() -> Boilerplate:
    """The packaged patterns (read once per process)."""
    return compile_patterns(yaml.safe_load(PATTERNS_FILE.read_text(encoding="utf-8")))


def strip_boilerplate(text: str, patterns: Boilerplate | None = None) -> str:
    """``text`` without its boilerplate lines; paragraphs (blank lines) kept as they were."""
    if not text:
        return text
    patterns = patterns or default_patterns()
    kept = [line for line in text.split("\n") if patterns.family_of(line) is None]
    # Removing a line may leave two blank lines side by side: fold them back to one.
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()

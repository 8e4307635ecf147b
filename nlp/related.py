"""Links to other articles left in a page's text: dropped before tagging.

Extraction (trafilatura, then ``crawlers.cleaning``) may keep a page's "À lire aussi" block:
a header line, then the headlines of other stories, one per line ("Jumelage : une délégation
reçue à Remscheid pour les 50 ans", "Guerre en Ukraine : le conseil municipal vote une aide").
Each of those headlines tells another story's international fact; read as the page's own,
they make a market's opening or a road closure AICT. The tagger drops the block: its header
(``resources/related_links.yaml``), then the headline-like lines after it, until a blank line
or a line of prose; and single "Lire aussi : …" lines. The rest of the text is kept as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import yaml

from nlp.gazetteer import RESOURCES
from nlp.text import fold

#: A headline has at most this many words and no full stop at its end; a longer line, or one
#: ending on a full stop, is prose and ends the block.
_HEADLINE_WORDS = 25
_EDGES = " \t-–—•|>»:"


@dataclass(frozen=True)
class _Patterns:
    header: re.Pattern[str]
    lead: re.Pattern[str]


@cache
def _patterns() -> _Patterns:
    data = yaml.safe_load((RESOURCES / "related_links.yaml").read_text(encoding="utf-8"))
    return _Patterns(
        re.compile("|".join(f"(?:{p})" for p in data["headers"])),
        re.compile("|".join(f"(?:{p})" for p in data["leads"])),
    )


def _headline(line: str) -> bool:
    """Whether a line reads as another story's headline (or a time stamp's): short, and not
    ended by a full stop."""
    stripped = line.strip()
    return len(stripped.split()) <= _HEADLINE_WORDS and not stripped.endswith((".", "…"))


def strip_related(text: str) -> str:
    """``text`` without its blocks of links to other articles (see the module docstring)."""
    if not text:
        return text
    patterns = _patterns()
    kept: list[str] = []
    in_block = False
    for line in text.split("\n"):
        folded = fold(line).strip(_EDGES).rstrip(" .!?")
        if patterns.header.fullmatch(folded):
            in_block = True
            continue
        if patterns.lead.fullmatch(fold(line).strip(_EDGES)):
            continue
        if in_block and line.strip() and _headline(line):
            continue  # a headline, or a separator between two ("-", "•")
        in_block = in_block and bool(line.strip())
        kept.append(line)
    return "\n".join(kept)

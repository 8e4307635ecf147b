"""Is an article page paywalled? Three signals only (issue 12, item 5).

1. Structured data: an Article-like JSON-LD object with ``isAccessibleForFree`` false
   (Google's paywalled-content markup).
2. The publisher's paywall container: a ``div``/``section``/``form`` whose class or id says
   paywall (``resources/paywall.yaml``), short, holding a marker phrase, and not inside a
   comment box, an aside, related links, navigation or a footer. A subscription link alone is
   not enough: publishers put "Abonnez-vous" promotions in free articles too.
3. A cut article body followed by a marker: one of the last lines of the extracted text says
   "réservé aux abonnés" and the body before it is short or stops mid-sentence.

A marker phrase anywhere else — a comment box ("Ce service est réservé aux abonnés"), the
label of a related link ("Article réservé à nos abonnés"), a footer — says nothing about
this article, so the whole page is never searched for phrases.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from parsel import Selector

PATTERNS_FILE = Path(__file__).with_name("resources") / "paywall.yaml"
#: A paywall box is a few lines; an element with more text wraps the article itself.
MAX_CONTAINER_CHARS = 1500
#: How many of the last lines of the extracted text may hold the marker after a cut body.
TAIL_LINES = 3
#: A marker line is a notice, not a paragraph of the article.
MAX_MARKER_LINE = 250
#: A body shorter than this before a marker is a teaser (trafilatura's MIN_EXTRACTED_SIZE).
SHORT_BODY = 250
_SENTENCE_END = re.compile(r"[.!?…»\"”)]\s*$")
_FOLD = str.maketrans({"\u2019": "'", "\u2018": "'", "\u00a0": " ", "\u202f": " "})
_BLOCKS = ("div", "section", "form")
_EXCLUDED_TAGS = ("aside", "nav", "footer")


@dataclass(frozen=True)
class PaywallPatterns:
    containers: re.Pattern[str]
    excluded: re.Pattern[str]
    markers: tuple[str, ...]


@cache
def patterns() -> PaywallPatterns:
    """The packaged patterns (read once per process)."""
    data = yaml.safe_load(PATTERNS_FILE.read_text(encoding="utf-8"))
    return PaywallPatterns(
        containers=re.compile("|".join(data["containers"]), re.IGNORECASE),
        excluded=re.compile("|".join(data["excluded"]), re.IGNORECASE),
        markers=tuple(data["markers"]),
    )


def fold(text: str) -> str:
    """Lower case, plain apostrophes, single spaces: the form markers are written in."""
    return " ".join(text.translate(_FOLD).lower().split())


def has_marker(text: str, pats: PaywallPatterns | None = None) -> bool:
    folded = fold(text)
    return any(marker in folded for marker in (pats or patterns()).markers)


def not_free(jsonld: dict[str, Any]) -> bool:
    """True when the article's structured data says ``isAccessibleForFree: false``."""
    value = jsonld.get("isAccessibleForFree")
    if isinstance(value, str):
        return value.strip().lower() in ("false", "0", "no")
    return value is False


def _names(node: Selector) -> str:
    return f"{node.attrib.get('class', '')} {node.attrib.get('id', '')}"


def _in_excluded(node: Selector, pats: PaywallPatterns) -> bool:
    tags = " or ".join(f"self::{t}" for t in _EXCLUDED_TAGS)
    if node.xpath(f"ancestor-or-self::*[{tags}]"):
        return True
    for element in node.xpath("ancestor-or-self::*[@class or @id]"):
        if pats.excluded.search(_names(element)):
            return True
    return False


def has_paywall_container(sel: Selector, pats: PaywallPatterns | None = None) -> bool:
    """True when the page holds the publisher's paywall box (signal 2)."""
    pats = pats or patterns()
    blocks = " or ".join(f"self::{t}" for t in _BLOCKS)
    for node in sel.xpath(f"//body//*[{blocks}][@class or @id]"):
        if not pats.containers.search(_names(node)):
            continue
        text = node.xpath("normalize-space(.)").get("")
        if not text or len(text) > MAX_CONTAINER_CHARS or _in_excluded(node, pats):
            continue
        if has_marker(text, pats):
            return True
    return False


def cut_before_marker(text: str, pats: PaywallPatterns | None = None) -> bool:
    """True when a marker closes the extracted text after a cut body (signal 3)."""
    pats = pats or patterns()
    lines = [line for line in text.split("\n") if line.strip()]
    for index in range(len(lines) - 1, max(len(lines) - 1 - TAIL_LINES, -1), -1):
        line = lines[index]
        if len(line) <= MAX_MARKER_LINE and has_marker(line, pats):
            body = lines[:index]
            if not body:
                return True
            cut = not _SENTENCE_END.search(body[-1])
            return cut or sum(len(b) for b in body) < SHORT_BODY
    return False


def is_paywalled(sel: Selector, jsonld: dict[str, Any], text: str) -> bool:
    """Any of the three signals of the module docstring."""
    return not_free(jsonld) or has_paywall_container(sel) or cut_before_marker(text)

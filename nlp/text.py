"""Text helpers shared by the tagger's components: accent folding and label constants."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from models.taxonomy import OBJECT_IDS

#: textcat label for "is this about AICT"; the object labels are the eight ids of taxonomy.md.
AICT_LABEL = "AICT"
LABELS: tuple[str, ...] = (AICT_LABEL, *OBJECT_IDS)

_APOSTROPHES = (("’", "'"), ("ʼ", "'"), ("‘", "'"), ("`", "'"), ("\u00a0", " "), ("\u202f", " "))
#: The combining diacritics block (U+0300–U+036F, less U+034F, the grapheme joiner, whose
#: combining class is 0), removed in one C-level pass; other scripts' marks are rare and go
#: through the per-character test.
_LATIN_MARKS = re.compile("[\u0300-\u034e\u0350-\u036f]")


def alternation(names: Iterable[str]) -> str:
    """A regex alternation of ``names`` (escaped) that matches, at a position, the longest name
    the rest of the pattern accepts — as the names sorted longest first and joined by "|" — but
    built as a trie of shared prefixes: Python's ``re`` tries a flat alternation of the 2,300
    council names one by one at every position (1.3 s on the 1,630 texts of the tagging
    benchmark), the trie one character at a time (0.03 s). At a node that ends a name the rest
    is optional and greedy, so longer names are tried first."""
    root: dict[str, dict] = {}  # type: ignore[type-arg]
    for name in set(names):
        if name:
            node = root
            for char in name:
                node = node.setdefault(char, {})
            node[""] = {}  # a name ends here
    return _trie_pattern(root)


def _trie_pattern(node: dict[str, dict]) -> str:  # type: ignore[type-arg]
    branches = []
    for char in sorted(k for k in node if k):
        child, run = node[char], re.escape(char)
        while len(child) == 1 and "" not in child:  # a chain of single children: one literal
            ((next_char, child),) = child.items()
            run += re.escape(next_char)
        branches.append(run + _trie_pattern(child))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


def fold(text: str) -> str:
    """Lower-case, accent-free text with typographic apostrophes and spaces made plain.

    Folding keeps the string length stable for ASCII-only input but not in general, so callers
    that need offsets into the original text fold per token, not per string.
    """
    if text.isascii() and "`" not in text:
        # Nothing to replace or decompose (the grave accent is the one ASCII character of
        # _APOSTROPHES): most names the gazetteers fold when they load (0.2 s) and many words.
        return text.lower()
    for typographic, plain in _APOSTROPHES:
        text = text.replace(typographic, plain)
    decomposed = _LATIN_MARKS.sub("", unicodedata.normalize("NFKD", text))
    if not decomposed.isascii():
        # Other combining marks, looked up once per distinct character: most texts are ASCII
        # once Latin accents are gone, and the others hold a few typographic characters (« » –
        # … €) that are not marks (a per-character generator over every text cost 7.5 s on the
        # 50,000 texts of a large measure run).
        marks = [c for c in set(decomposed) if not c.isascii() and unicodedata.combining(c)]
        if marks:
            decomposed = decomposed.translate(dict.fromkeys(map(ord, marks)))
    return decomposed.lower()

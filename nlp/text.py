"""Text helpers shared by the tagger's components: accent folding and label constants."""

from __future__ import annotations

import re
import unicodedata

from models.taxonomy import OBJECT_IDS

#: textcat label for "is this about AICT"; the object labels are the eight ids of taxonomy.md.
AICT_LABEL = "AICT"
LABELS: tuple[str, ...] = (AICT_LABEL, *OBJECT_IDS)

_APOSTROPHES = (("’", "'"), ("ʼ", "'"), ("‘", "'"), ("`", "'"), ("\u00a0", " "), ("\u202f", " "))
#: The combining diacritics block (U+0300–U+036F, less U+034F, the grapheme joiner, whose
#: combining class is 0), removed in one C-level pass; other scripts' marks are rare and go
#: through the per-character test.
_LATIN_MARKS = re.compile("[\u0300-\u034e\u0350-\u036f]")


def fold(text: str) -> str:
    """Lower-case, accent-free text with typographic apostrophes and spaces made plain.

    Folding keeps the string length stable for ASCII-only input but not in general, so callers
    that need offsets into the original text fold per token, not per string.
    """
    for typographic, plain in _APOSTROPHES:
        text = text.replace(typographic, plain)
    decomposed = _LATIN_MARKS.sub("", unicodedata.normalize("NFKD", text))
    if not decomposed.isascii():
        # str.translate and a per-character generator over every text cost 7.5 s on the 50,000
        # texts of a large measure run; most texts are ASCII once Latin accents are gone.
        decomposed = "".join(c for c in decomposed if not unicodedata.combining(c))
    return decomposed.lower()

"""Text helpers shared by the tagger's components: accent folding and label constants."""

from __future__ import annotations

import unicodedata

from models.base import OBJECT_IDS

#: textcat label for "is this about AICT"; the object labels are the eight ids of taxonomy.md.
AICT_LABEL = "AICT"
LABELS: tuple[str, ...] = (AICT_LABEL, *OBJECT_IDS)

_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'", "`": "'", "\u00a0": " ", "\u202f": " "})


def fold(text: str) -> str:
    """Lower-case, accent-free text with typographic apostrophes and spaces made plain.

    Folding keeps the string length stable for ASCII-only input but not in general, so callers
    that need offsets into the original text fold per token, not per string.
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()

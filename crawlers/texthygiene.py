"""Text hygiene: Unicode NFC, no C0/C1 control characters, folded blank space (P-D4, A14).

C1 characters (U+0080–U+009F) only appear when windows-1252 bytes were decoded as ISO-8859-1;
the decoder (w3lib, through Scrapy) already maps the label right, so this is the last guard.
"""

from __future__ import annotations

import re
import unicodedata

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x9f]")
_BLANK_RUNS = re.compile(r"[ \t\u00a0]+")
_MANY_NEWLINES = re.compile(r"\n{3,}")


def clean_text(text: str | None) -> str:
    """NFC text without control characters; paragraphs kept, runs of blanks folded."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _CONTROL.sub("", text)
    lines = [_BLANK_RUNS.sub(" ", line).strip() for line in text.split("\n")]
    return _MANY_NEWLINES.sub("\n\n", "\n".join(lines)).strip()


def clean_line(text: str | None) -> str:
    """A one-line field (title): cleaned and with every white-space run folded to one space."""
    return " ".join(clean_text(text).split())

"""Header safety (reliability.md P-F2): every value that enters a mail header is checked here.

CPython 3.11.7 (this machine) turns an RFC 2047 encoded newline such as
``=?utf-8?q?x=0ABcc:_evil@x?=`` into a real header when it folds a message (gh-121650), and the
standard library only refuses *raw* CR/LF. So we refuse, before building any message: control
characters, anything that looks like an encoded word (``=?`` … ``?=``), and addresses that are
not a plain ``local@domain``. Scraped text never reaches these functions; config does.
"""

from __future__ import annotations

import re

MAX_HEADER_CHARS = 300
MAX_ADDRESS_CHARS = 254

_CONTROL = re.compile(r"[\x00-\x1f\x7f\u0085\u2028\u2029]")
_ENCODED_WORD = re.compile(r"=\?|\?=")
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_ADDRESS = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/^_`{|}~-]+(?:[=?][A-Za-z0-9.!#$%&'*+/^_`{|}~-]+)*"
    rf"@{_LABEL}(?:\.{_LABEL})+$"
)


def check_header_value(value: str, what: str = "header value") -> str:
    """``value`` unchanged, or ValueError when it could break out of its header."""
    if not value:
        raise ValueError(f"empty {what}")
    if len(value) > MAX_HEADER_CHARS:
        raise ValueError(f"{what} longer than {MAX_HEADER_CHARS} characters")
    if _CONTROL.search(value):
        raise ValueError(f"{what} contains a control character (CR/LF…)")
    if _ENCODED_WORD.search(value):
        raise ValueError(f"{what} contains an RFC 2047 encoded word ('=?…?=')")
    return value


def check_address(address: str, what: str = "e-mail address") -> str:
    """A plain ``local@domain`` address, lower-cased (the outbox key); ValueError otherwise."""
    if not isinstance(address, str):
        raise ValueError(f"{what} must be a string")
    address = address.strip()
    shown = address if not _CONTROL.search(address) else repr(address)
    if (
        len(address) > MAX_ADDRESS_CHARS
        or _CONTROL.search(address)
        or _ENCODED_WORD.search(address)
        or not _ADDRESS.match(address)
    ):
        raise ValueError(f"invalid {what} {shown!r}: expected a plain name@domain.tld")
    return address.lower()

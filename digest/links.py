"""Which links may become an ``href``: absolute http(s) URLs only (reliability.md F2).

Autoescaping does not neutralise ``javascript:``, ``data:`` or ``vbscript:`` URLs, and browsers
drop tabs and newlines inside a scheme (``java\\tscript:``), so anything with control characters
or whitespace is refused before the scheme is read; w3lib makes the rest a safe URL string.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from w3lib.url import safe_url_string

_UNSAFE_CHARS = re.compile(r"[\x00-\x20\x7f]")
MAX_URL_CHARS = 2048


def http_url(url: str | None) -> str | None:
    """``url`` as a safe http(s) URL string, or None when it must be shown as plain text."""
    if not url or len(url) > MAX_URL_CHARS or _UNSAFE_CHARS.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return safe_url_string(url)


def report_error_url(sender: str, article_id: str) -> str | None:
    """``mailto:`` link to the digest's sender with the article id in the subject and body
    ("Signaler une erreur"); None when the sender is not a plain address (previews).

    Built from config and our own ids only, every part percent-encoded (RFC 6068).
    """
    from urllib.parse import quote

    from digest.headers import check_address

    try:
        address = check_address(sender, "sender address")
    except ValueError:
        return None
    if not article_id or not article_id.isalnum():
        return None
    subject = f"Erreur d'étiquetage — article {article_id}"
    body = (
        f"Article : {article_id}\n"
        "Ce qui est faux (AICT ou non, objets, pays partenaires, collectivités) :\n"
    )
    return f"mailto:{address}?subject={quote(subject, safe='')}&body={quote(body, safe='')}"

"""Deterministic keys and hashes: article ids from normalised URLs, content and title hashes."""

from __future__ import annotations

import hashlib
import re
import unicodedata


def article_id(normalized_url: str) -> str:
    """Deterministic article id: 24 hex characters of BLAKE2b over the normalised URL."""
    return hashlib.blake2b(normalized_url.encode("utf-8"), digest_size=12).hexdigest()


def content_hash(text: str) -> str:
    """SHA-256 of the text with white space folded (a re-wrapped text is the same version)."""
    folded = " ".join(text.split())
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)


def normalized_title(title: str) -> str:
    """Lower-case, accent-folded title with punctuation collapsed (Media Cloud's title dedup)."""
    decomposed = unicodedata.normalize("NFKD", title)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_WORD.sub(" ", stripped.lower()).strip()


def title_hash(title: str) -> str | None:
    """Hash of :func:`normalized_title`, or None for an empty title."""
    norm = normalized_title(title)
    if not norm:
        return None
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()

"""The title of an article page, chosen among its candidates by agreement (issue 12, item 3).

Candidates, in order of trust: the ``<h1>`` of the article container (what the reader sees),
``og:title``, the JSON-LD ``headline``, trafilatura's title, and ``<title>``. Each is first
made comparable: entities left literal by the CMS are decoded (``Jumelage&nbsp;:``), blanks
folded, and a trailing site name cut (``… - Ouest-France``, ``… | La Dépêche``) when the part
after the separator is the site's name (``og:site_name``, the JSON-LD publisher, the host) or
when another candidate is exactly the part before it (a candidate that is only such a
trailing part is the site's name and is dropped). Then:

1. a candidate that is a proper prefix of another (with or without a final ``…``) was
   truncated (JSON-LD headlines cut near 110 characters): it is dropped;
2. the title most candidates agree on wins (an SEO variant in JSON-LD stands alone);
3. ties go to the most trusted candidate.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from urllib.parse import urlsplit

from crawlers.texthygiene import clean_line

#: Separators publishers put between a headline and their name in ``<title>``/``og:title``.
_SITE_SUFFIX = re.compile(r"^(?P<head>.+)\s(?:[-|–—·•]|::)\s(?P<tail>(?:(?!\s[-|–—·•]\s).){2,60})$")
_ELLIPSIS = re.compile(r"\s*(?:…|\.\.\.)$")


@lru_cache(maxsize=4096)
def _key(text: str) -> str:
    """Comparison form: case, accents, apostrophes and blanks folded (cached: every candidate
    is compared with every other)."""
    folded = unicodedata.normalize("NFKD", text.casefold().replace("\u2019", "'"))
    return " ".join("".join(c for c in folded if not unicodedata.combining(c)).split())


def _site_keys(site_names: Iterable[str], url: str) -> set[str]:
    keys = {_key(name) for name in site_names if name}
    host = urlsplit(url).hostname or ""
    host = host.removeprefix("www.")
    if host:
        keys.add(_key(host))
        keys.add(_key(host.rsplit(".", 1)[0]))  # "ouest-france.fr" → "ouest-france"
    return {k for k in keys if k}


def _same_site(tail: str, sites: set[str]) -> bool:
    key = _key(tail)
    squeezed = re.sub(r"[^a-z0-9]", "", key)
    for site in sites:
        bare = re.sub(r"[^a-z0-9]", "", site)
        # "Le Berry républicain" on leberry.fr: the squeezed name starts with the host's label.
        if key == site or squeezed == bare or (len(bare) >= 5 and squeezed.startswith(bare)):
            return True
    return False


def normalise(raw: str | None) -> str:
    """A candidate as a reader would read it: entities decoded, blanks folded."""
    if not raw:
        return ""
    # parsel decodes entities once; a CMS that escaped twice leaves "&nbsp;" as text.
    return clean_line(html.unescape(raw))


def strip_site_name(title: str, sites: set[str], others: Iterable[str] = ()) -> str:
    """``title`` without a trailing `` - Site`` part (site name, or another candidate's head)."""
    match = _SITE_SUFFIX.match(title)
    if not match:
        return title
    head, tail = match.group("head"), match.group("tail")
    other_keys = {_key(o) for o in others}
    if _same_site(tail, sites) or _key(head) in other_keys:
        return head.strip()
    return title


def _truncated(candidate: str, others: list[str]) -> bool:
    bare = _key(_ELLIPSIS.sub("", candidate))
    return any(len(_key(o)) > len(bare) and _key(o).startswith(bare) for o in others)


def choose_title(candidates: list[str | None], site_names: Iterable[str], url: str) -> str:
    """The agreed title of ``candidates`` (most trusted first); "" when all are empty."""
    texts = [normalise(c) for c in candidates]
    texts = [t for t in texts if t]
    if not texts:
        return ""
    sites = _site_keys(site_names, url)
    # A candidate that is the tail of another (trafilatura sometimes keeps the site part of
    # "Headline | Site") is the site's name, not a title.
    tails = {_key(m.group("tail")) for t in texts if (m := _SITE_SUFFIX.match(t))}
    named = {_key(t) for t in texts} & tails
    sites |= named
    texts = [t for t in texts if _key(t) not in named] or texts
    texts = [strip_site_name(t, sites, [o for o in texts if o != t]) for t in texts]
    whole = [t for t in texts if not _truncated(t, texts)] or texts
    votes = Counter(_key(t) for t in whole)
    best = max(votes.values())
    return next(t for t in whole if votes[_key(t)] == best)

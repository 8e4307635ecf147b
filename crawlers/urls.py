"""URL normalisation: one key per article whatever tracking, mobile or AMP variant linked it (A16).

courlan lower-cases the host and drops default ports, and its tracker list (utm_*, xtor,
fbclid, gclid…) filters the query, which we sort; on top of that we drop the fragment, fold ``www.``/``m.``/
``amp.`` hosts and AMP paths onto the article's desktop URL, prefer https and drop a trailing
slash. The result is the key of ``storage.keys.article_id``; it is never fetched as such (the
bare host may not exist), only compared and stored.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit, urlunsplit

from courlan import normalize_url as courlan_normalize
from courlan.clean import TRACKERS_RE

from crawlers.netpolicy import ALLOWED_SCHEMES, MAX_URL_LENGTH

#: Host prefixes that serve the same article as the bare host.
_MIRROR_PREFIXES = ("www.", "m.", "amp.", "mobile.")
#: Query parameters that only select an AMP or tracking rendering (courlan keeps these).
_EXTRA_DROPPED = frozenset({"amp", "outputtype", "xtref", "xtcr", "at_xtor", "ref", "origin"})
_AMP_PATH = re.compile(r"(/amp/?$)|(\.amp(?=\.html?$))|(/amp(?=/))", re.IGNORECASE)


def is_crawlable(url: str) -> bool:
    """True for an absolute http(s) URL within the length limit (javascript:, file: … are not)."""
    if not url or len(url) > MAX_URL_LENGTH:
        return False
    parts = urlsplit(url.strip())
    return parts.scheme.lower() in ALLOWED_SCHEMES and bool(parts.hostname)


def _fold_host(host: str) -> str:
    for prefix in _MIRROR_PREFIXES:
        if host.startswith(prefix) and host.count(".") >= 2:
            return host[len(prefix) :]
    return host


def normalize_url(url: str) -> str:
    """The normalised form of an http(s) URL (ValueError for anything else)."""
    if not is_crawlable(url):
        raise ValueError(f"not a crawlable URL: {url[:120]!r}")
    cleaned = courlan_normalize(url.strip())
    parts = urlsplit(cleaned)
    host = _fold_host((parts.hostname or "").lower())
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    path = _AMP_PATH.sub("", parts.path) or "/"
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    # The query comes from the original URL: courlan drops valueless parameters, which would
    # fold every SPIP article (spip.php?article12) onto one key.
    query = "&".join(sorted(_kept_parameters(urlsplit(url.strip()).query)))
    return urlunsplit(("https", host, path, query, ""))


def _kept_parameters(query: str) -> list[str]:
    kept = []
    for part in query.split("&"):
        key = unquote(part.split("=", 1)[0]).lower()
        if part and key not in _EXTRA_DROPPED and not TRACKERS_RE.search(key):
            kept.append(part)
    return kept


def same_site(url: str, other: str) -> bool:
    """True when both URLs are on the same host once mirror prefixes are folded."""
    a, b = urlsplit(url).hostname or "", urlsplit(other).hostname or ""
    return _fold_host(a.lower()) == _fold_host(b.lower())

"""Typed records of the demo web: sites, served responses and the ground truth of each item.

Pure data; the generator fills them and the server only reads them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any

import yaml


@dataclass(frozen=True)
class Response:
    """One served resource: status, headers (ordered) and body bytes."""

    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes

    def header(self, name: str) -> str | None:
        lowered = name.lower()
        return next((value for key, value in self.headers if key.lower() == lowered), None)


@dataclass(frozen=True)
class FeedRef:
    """A feed-like entry point of a site, as the sources file lists it."""

    path: str
    kind: str  # rss | atom | sitemap | listing
    departments: tuple[str, ...]


@dataclass(frozen=True)
class Site:
    """A press title or a council site, served on its own loopback address."""

    slug: str
    name: str
    kind: str  # press | council
    ip: str
    departments: tuple[str, ...]
    feeds: tuple[FeedRef, ...]
    cms: str = "press"  # press | wordpress | spip | drupal | joomla | sitemap | listing
    group: str | None = None
    circulation: int | None = None
    collectivite: str | None = None
    faulty: str | None = None  # why this site misbehaves on purpose (robots 503, feed 500)


@dataclass
class TruthItem:
    """What the generator knows about one article or council news item."""

    id: str
    url: str
    source: str
    kind: str  # press | council
    title: str
    published_at: str  # UTC, ISO 8601 with Z
    rubric: str
    is_aict: bool
    objects: list[str] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)
    partners: list[str] = field(default_factory=list)
    partner_countries: list[str] = field(default_factory=list)
    story: str = ""  # id of the material story it was composed from
    paywalled: bool = False
    negative: str | None = None  # hard-negative kind, when the item is one
    relayed_by: list[str] = field(default_factory=list)  # council AICT item → press URLs
    relay_of: str | None = None  # press relay → council item URL
    relay_style: str | None = None  # close | original
    relay_lag_days: int | None = None
    syndicated_of: str | None = None  # copy → URL of the original in the same group
    departments: list[str] = field(default_factory=list)
    date_style: str = ""


@dataclass
class DemoWeb:
    """The generated web: pages per host address, the sites, and the ground truth."""

    as_of: str
    seed: int
    small: bool
    port: int
    sites: list[Site]
    pages: dict[str, dict[str, Response]]
    truth: list[TruthItem]

    def origin(self, site: Site) -> str:
        return f"http://{site.ip}:{self.port}"

    def digest(self) -> str:
        """SHA-256 over every served byte and the ground truth: equal digests, equal webs."""
        hasher = hashlib.sha256(self.ground_truth_json())
        for host in sorted(self.pages):
            for key in sorted(self.pages[host]):
                resp = self.pages[host][key]
                hasher.update(f"{host} {key} {resp.status} {resp.headers}".encode())
                hasher.update(resp.body)
        return hasher.hexdigest()

    def ground_truth(self) -> list[dict]:
        return [asdict(item) for item in self.truth]

    def ground_truth_json(self) -> bytes:
        return json.dumps(self.ground_truth(), ensure_ascii=False, indent=1).encode("utf-8")

    def sources(self) -> list[dict]:
        """The demo sources in design.md's "Sources file" format, with loopback URLs."""
        return [_source_entry(site, self.origin(site)) for site in self.sites]

    def sources_yaml(self) -> str:
        return yaml.safe_dump(
            {"sources": self.sources()}, allow_unicode=True, sort_keys=False, width=200
        )


def _source_entry(site: Site, origin: str) -> dict:
    entry: dict = {"slug": site.slug, "name": site.name, "kind": site.kind}
    if site.collectivite:
        entry["collectivite"] = site.collectivite
    if site.group:
        entry["group"] = site.group
    entry["departments"] = list(site.departments)
    if site.circulation:
        entry["circulation"] = site.circulation
    entry["homepage"] = origin + "/"
    entry["feeds"] = [
        {"url": origin + feed.path, "kind": feed.kind, "departments": list(feed.departments)}
        for feed in site.feeds
    ]
    return entry


@dataclass
class Planned:
    """An item before rendering: its text, where and when it is published, and its truth."""

    site: Site
    day_time: dt.datetime
    title: str
    paragraphs: list[str]
    truth: TruthItem
    edition: tuple[str, str, str] = ("", "", "")  # dept, slug, name
    author: str = ""
    paywalled: bool = False
    date_style: str = "iso"
    extra: dict[str, Any] = field(default_factory=dict)

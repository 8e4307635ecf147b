"""Assembly of the demo web: gives each planned item its URL in its site's path scheme, resolves
relay and syndication links, and renders every site's pages, feeds, sitemaps, listings and
robots.txt into ``Response`` objects (ETag from the body, Last-Modified from the content).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from demoweb import render
from demoweb.compose import seeded, slugify
from demoweb.model import DemoWeb, FeedRef, Planned, Response, Site

PARIS = ZoneInfo("Europe/Paris")
LISTING_PAGE_SIZE = 8


def _etag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:20] + '"'


def _response(body: bytes, ctype: str, modified: dt.datetime, status: int = 200) -> Response:
    return Response(
        status,
        (
            ("Content-Type", ctype),
            ("ETag", _etag(body)),
            ("Last-Modified", render.http_date(modified)),
            ("Cache-Control", "public, max-age=300"),
        ),
        body,
    )


HTML = "text/html; charset=utf-8"


@dataclass(frozen=True)
class _Inputs:
    items: Sequence[Planned]
    press_sites: list[Site]
    council_sites: list[Site]
    titles: dict[str, dict]
    as_of: dt.date
    seed: int
    small: bool
    port: int
    faults: bool = True


def assemble(
    items: Sequence[Planned],
    press_sites: list[Site],
    council_sites: list[Site],
    titles: dict[str, dict],
    *,
    as_of: dt.date,
    seed: int,
    small: bool,
    port: int,
    faults: bool = True,
) -> DemoWeb:
    """Every served page of the demo web, plus its sites and ground truth.

    ``faults=False``: the sites that misbehave on purpose (a robots.txt in 503, a feed in 500)
    answer normally, as they do outside the demo history's outage week.
    """
    inputs = _Inputs(items, press_sites, council_sites, titles, as_of, seed, small, port, faults)
    return _Assembler(inputs).run()


class _Pages:
    """The pages being built per host address, and what press and council pages share."""

    def __init__(self, b: _Inputs) -> None:
        self.b = b
        self.pages: dict[str, dict[str, Response]] = {
            s.ip: {} for s in b.press_sites + b.council_sites
        }
        self.last = dt.datetime.combine(b.as_of, dt.time(7, 0), tzinfo=PARIS)

    def origin(self, site: Site) -> str:
        return f"http://{site.ip}:{self.b.port}"

    def _article(self, planned: Planned) -> render.Article:
        chapo, *body = planned.paragraphs
        if not body:
            body = [chapo]
        return render.Article(
            id=planned.truth.id, site=planned.site, path=planned.extra["path"], url=planned.truth.url,
            title=planned.title, chapo=chapo, paragraphs=body, published=planned.day_time,
            author=planned.author, rubric=planned.truth.rubric, edition=planned.edition[2],
            edition_slug=planned.edition[1], paywalled=planned.paywalled,
            date_style=planned.date_style,
        )  # fmt: skip


class _PressPages(_Pages):
    """A press title's articles, editions with their feeds, home page and robots.txt."""

    def _tracked(self, site: Site, url: str, medium: str, n: int) -> str:
        if self.b.titles.get(site.slug, {}).get("tracking") == "xtor":
            code = {"rss": "RSS", "related": "AL", "home": "EPR"}[medium]
            return f"{url}?xtor={code}-{n}"
        return f"{url}?utm_source={site.slug}&utm_medium={medium}&utm_campaign=demo"

    def _render_press_site(self, site: Site, items: list[Planned], rng: random.Random) -> None:
        title_cfg = self.b.titles[site.slug]
        editions = [(ed["slug"], ed["name"]) for ed in title_cfg["editions"]]
        arts = [self._article(p) for p in items]
        for i, art in enumerate(arts):
            art.feed_link = self._tracked(site, art.url, "rss", 100 + i % 40)
            others = rng.sample(arts, k=min(3, len(arts)))
            art.related = [
                (o.title, self._tracked(site, o.url, "related", 10 + j))
                for j, o in enumerate(others)
                if o is not art
            ]
        newest = sorted(arts, key=lambda a: (a.published, a.id), reverse=True)
        most_read = [(a.title, a.url) for a in newest[5:10]]
        pages = self.pages[site.ip]
        for art in arts:
            pages[art.path] = _response(
                render.press_article(art, editions, most_read), HTML, art.published
            )
        feed_tags: list[tuple[str, str, str]] = []
        for ed, feed in zip(title_cfg["editions"], site.feeds, strict=True):
            self._press_edition(site, ed, feed, newest, editions, feed_tags)
        home_links = [(a.title, self._tracked(site, a.url, "home", 1)) for a in newest[:30]]
        updated = newest[0].published if newest else self.last
        pages["/"] = _response(
            render.press_index(site, site.name, home_links, editions, feed_tags, self.b.as_of.year),
            HTML,
            updated,
        )
        pages["/robots.txt"] = _response(
            render.robots(["/abonnement/", "/compte/", "/recherche"], []),
            "text/plain; charset=utf-8",
            self.last,
        )

    def _press_edition(
        self,
        site: Site,
        ed: dict,
        feed: FeedRef,
        newest: list[render.Article],
        editions: list[tuple[str, str]],
        feed_tags: list[tuple[str, str, str]],
    ) -> None:
        """An edition's feed and page; its feed link is appended to ``feed_tags``."""
        pages = self.pages[site.ip]
        entries = [a for a in newest if a.edition_slug == ed["slug"]]
        updated = entries[0].published if entries else self.last
        url = self.origin(site) + feed.path
        feed_tags.append((url, feed.kind, f"{site.name} — {ed['name']}"))
        pages[feed.path] = self._press_feed(site, ed, feed, entries, updated)
        links = [(a.title, a.url) for a in entries[:30]]
        pages[f"/{ed['slug']}/"] = _response(
            render.press_index(site, f"Actualité {ed['name']}", links, editions, feed_tags[-1:], self.b.as_of.year),
            HTML, updated,
        )  # fmt: skip

    def _press_feed(
        self,
        site: Site,
        ed: dict,
        feed: FeedRef,
        entries: list[render.Article],
        updated: dt.datetime,
    ) -> Response:
        """An edition's RSS or Atom feed, or the error the faulty feed answers."""
        if self.b.faults and self.b.titles[site.slug].get("faulty_feed") == ed["slug"]:
            return Response(
                500, (("Content-Type", HTML),), render.error_page(500, "Erreur interne du serveur")
            )
        title, link = f"{site.name} — {ed['name']}", self.origin(site) + f"/{ed['slug']}/"
        if feed.kind == "rss":
            body = render.rss(title, link, f"Toute l'actualité {ed['name']} avec {site.name}", entries, updated)  # fmt: skip
            return _response(body, "application/rss+xml; charset=utf-8", updated)
        body = render.atom(title, link, self.origin(site) + feed.path, entries, updated)
        return _response(body, "application/atom+xml; charset=utf-8", updated)


class _CouncilPages(_Pages):
    """A council's articles, feed or news sitemap, paginated listing, home page and robots.txt."""

    def _render_council_site(self, site: Site, items: list[Planned], rng: random.Random) -> None:
        pages = self.pages[site.ip]
        origin = self.origin(site)
        arts = [self._article(p) for p in items]
        newest = sorted(arts, key=lambda a: (a.published, a.id), reverse=True)
        updated = newest[0].published if newest else self.last
        feed = site.feeds[0]
        feed_tags = (
            [(origin + feed.path, "rss", f"{site.name} — actualités")] if feed.kind == "rss" else []
        )
        for art in arts:
            others = [o for o in rng.sample(arts, k=min(4, len(arts))) if o is not art][:3]
            art.related = [(o.title, o.url) for o in others]
            pages[art.path] = _response(render.council_article(art, feed_tags), HTML, art.published)
        sitemaps = self._council_feeds(site, newest, updated)
        self._council_listing(site, newest, feed_tags, updated)
        home = [(a.title, a.url) for a in newest[:6]]
        pages["/"] = _response(
            render.council_index(site, site.name, home, feed_tags, self.b.as_of.year), HTML, updated
        )
        if self.b.faults and site.faulty == "robots503":
            pages["/robots.txt"] = Response(503, (("Content-Type", HTML), ("Retry-After", "3600")),
                                            render.error_page(503, "Service temporairement indisponible"))  # fmt: skip
        else:
            disallow = ["/wp-admin/"] if site.cms == "wordpress" else ["/admin/", "/recherche"]
            pages["/robots.txt"] = _response(
                render.robots(disallow, sitemaps), "text/plain; charset=utf-8", self.last
            )

    def _council_feeds(
        self, site: Site, newest: list[render.Article], updated: dt.datetime
    ) -> list[str]:
        """The council's RSS feed and news sitemap, as its CMS has them; the sitemap URLs."""
        pages, origin, feed = self.pages[site.ip], self.origin(site), site.feeds[0]
        if feed.kind == "rss":
            body = render.rss(
                site.name, origin + "/", f"Les actualités — {site.name}", newest, updated
            )
            pages[feed.path] = _response(body, "application/rss+xml; charset=utf-8", updated)
        sitemaps: list[str] = []
        if site.cms == "sitemap":
            pages["/sitemap-news.xml"] = _response(
                render.news_sitemap(site.name, newest), "application/xml", updated
            )
            pages["/sitemap.xml"] = _response(
                render.sitemap_index([origin + "/sitemap-news.xml"], updated),
                "application/xml",
                updated,
            )
            sitemaps = [origin + "/sitemap.xml"]
        return sitemaps

    def _council_listing(
        self,
        site: Site,
        newest: list[render.Article],
        feed_tags: list[tuple[str, str, str]],
        updated: dt.datetime,
    ) -> None:
        """Every council's news listing, paginated; for the listing-only CMS the only way in."""
        pages, origin = self.pages[site.ip], self.origin(site)
        chunks = [
            newest[i : i + LISTING_PAGE_SIZE] for i in range(0, len(newest), LISTING_PAGE_SIZE)
        ] or [[]]
        for n, chunk in enumerate(chunks, start=1):
            path = "/actualites" if n == 1 else f"/actualites?page={n}"
            prev_url = (
                None
                if n == 1
                else origin + ("/actualites" if n == 2 else f"/actualites?page={n - 1}")
            )
            next_url = origin + f"/actualites?page={n + 1}" if n < len(chunks) else None
            links = [(a.title, a.url) for a in chunk]
            pages[path] = _response(
                render.council_index(site, "Actualités", links, feed_tags, self.b.as_of.year, prev_url=prev_url, next_url=next_url),
                HTML, updated,
            )  # fmt: skip


class _Assembler(_PressPages, _CouncilPages):
    """Places every item at its URL, links relays and copies, then renders every site."""

    def run(self) -> DemoWeb:
        items = sorted(self.b.items, key=lambda p: (p.day_time, p.truth.id))
        for planned in items:
            self._place(planned)
        by_id = {p.truth.id: p for p in items}
        for planned in items:  # resolve cross references to URLs
            truth = planned.truth
            if truth.relay_of:
                council = by_id[truth.relay_of].truth
                truth.relay_of = council.url
                council.relayed_by.append(truth.url)
            if truth.syndicated_of:
                truth.syndicated_of = by_id[truth.syndicated_of].truth.url
        rng = seeded(self.b.seed, "links")
        for site in self.b.press_sites:
            self._render_press_site(site, [p for p in items if p.site is site], rng)
        for site in self.b.council_sites:
            self._render_council_site(site, [p for p in items if p.site is site], rng)
        truths = [p.truth for p in sorted(items, key=lambda p: p.truth.id)]
        return DemoWeb(
            as_of=self.b.as_of.isoformat(), seed=self.b.seed, small=self.b.small, port=self.b.port,
            sites=self.b.press_sites + self.b.council_sites, pages=self.pages, truth=truths,
        )  # fmt: skip

    def _place(self, planned: Planned) -> None:
        """Give the item its URL, in the path scheme of its site."""
        site, truth = planned.site, planned.truth
        local = planned.day_time
        slug = slugify(planned.title)
        num = int(truth.id[1:])
        if site.kind == "press":
            path = f"/{planned.edition[1]}/{local:%Y/%m/%d}/{slug}-{truth.id}"
        else:
            path = {
                "wordpress": f"/{local:%Y/%m/%d}/{slug}/",
                "spip": f"/spip.php?article{num}",
                "drupal": f"/actualites/{slug}",
                "joomla": f"/index.php/actualites/{num}-{slug}",
                "sitemap": f"/actualites/{slug}-{num}.html",
                "listing": f"/actualites/{slug}-{num}",
            }[site.cms]
        truth.url = self.origin(site) + path
        planned.extra["path"] = path

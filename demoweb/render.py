"""HTML, RSS, Atom and sitemap rendering of the demo web.

Each function turns typed records into bytes the way one kind of site would serve them: a press
title's article page (cookie banner, nav, ``<article>``, asides, JSON-LD, paywall), council pages
in the markup of WordPress, SPIP, Drupal, Joomla and two feed-less CMSs, feeds and news sitemaps.
HTML pages are Jinja2 templates (``templates/*.html.j2``, package data, autoescaped): this module
prepares their values (JSON-LD, dates, the paywall's share left) and renders them; feeds, sitemaps
and robots.txt are small XML/text builders here. Pure functions; the generator decides what to
render, the server only serves the bytes.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from email.utils import format_datetime
from html import escape
from zoneinfo import ZoneInfo

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from demoweb.compose import french_date
from demoweb.model import Site

PARIS = ZoneInfo("Europe/Paris")
UTC = dt.UTC
TEMPLATES = Environment(
    loader=PackageLoader("demoweb", "templates"),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
    undefined=StrictUndefined,
)


@dataclass
class Article:
    """One page to render: a press article or a council news item."""

    id: str
    site: Site
    path: str
    url: str
    title: str
    chapo: str
    paragraphs: list[str]
    published: dt.datetime  # aware, Europe/Paris
    author: str
    rubric: str
    edition: str = ""
    edition_slug: str = ""
    paywalled: bool = False
    date_style: str = "iso"  # iso | naive | french
    related: list[tuple[str, str]] = field(default_factory=list)
    feed_link: str = ""


def _e(text: str) -> str:
    return escape(text, quote=True)


def _json_ld(data: dict) -> str:
    # "</" inside a script element would end it early.
    return json.dumps(data, ensure_ascii=False, indent=1).replace("</", "<\\/")


def _paris_clock(moment: dt.datetime) -> str:
    local = moment.astimezone(PARIS)
    return f"{local.hour}h{local.minute:02d}"


def _visible_date(moment: dt.datetime) -> str:
    local = moment.astimezone(PARIS)
    return f"Publié le {french_date(local.date(), weekday=True)} à {_paris_clock(local)}"


def http_date(moment: dt.datetime) -> str:
    return format_datetime(moment.astimezone(UTC), usegmt=True)


def _render(template: str, page_title: str, **values: object) -> bytes:
    """One page from its template; ``page_title`` is the ``<title>``."""
    return TEMPLATES.get_template(template).render(page_title=page_title, **values).encode()


def press_article(
    art: Article, editions: Sequence[tuple[str, str]], most_read: Sequence[tuple[str, str]]
) -> bytes:
    """A press article page; the paywalled ones carry only the opening paragraphs."""
    site = art.site
    ld: dict = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": art.title,
        "mainEntityOfPage": art.url,
        "author": {"@type": "Person", "name": art.author},
        "publisher": {"@type": "Organization", "name": site.name},
        "articleSection": art.rubric,
        "inLanguage": "fr-FR",
    }
    if art.date_style == "iso":
        ld["datePublished"] = art.published.isoformat()
    elif art.date_style == "naive":
        # Naive local time, as several French CMSs emit it: to be read as Europe/Paris.
        ld["datePublished"] = art.published.astimezone(PARIS).replace(tzinfo=None).isoformat()
    if art.paywalled:
        ld["isAccessibleForFree"] = False
        ld["hasPart"] = {
            "@type": "WebPageElement",
            "isAccessibleForFree": False,
            "cssSelector": ".paywalled-content",
        }
    else:
        ld["isAccessibleForFree"] = True
    shown = art.paragraphs[:2] if art.paywalled else art.paragraphs
    left = max(40, 100 - int(100 * len(shown) / max(1, len(art.paragraphs))))
    return _render(
        "press_article.html.j2", f"{art.title} | {site.name}", body_class="article",
        site=site, art=art, editions=editions, most_read=most_read, year=art.published.year,
        json_ld=Markup(_json_ld(ld)), shown=shown, left=left, visible_date=_visible_date(art.published),
        time_iso=art.published.isoformat() if art.date_style == "iso" else "",
    )  # fmt: skip


def press_index(
    site: Site,
    title: str,
    links: Sequence[tuple[str, str]],
    editions: Sequence[tuple[str, str]],
    feeds: Sequence[tuple[str, str, str]],
    year: int,
) -> bytes:
    """A press homepage or edition page: latest headlines and feed links in the head."""
    return _render(
        "press_index.html.j2", f"{title} | {site.name}", body_class="home", site=site,
        title=title, links=links, editions=editions, feeds=feeds, year=year,
    )  # fmt: skip


# --- council sites -------------------------------------------------------------------------


@dataclass(frozen=True)
class CouncilLook:
    """Markup conventions of one CMS (enough for discovery and extraction to meet variety)."""

    body_class: str
    article_class: str  # class of the <article> element (SPIP and Joomla wrap in <div>s instead)
    title_class: str
    content_class: str
    generator: str


LOOKS = {
    "wordpress": CouncilLook(
        "post-template-default single single-post", "post type-post status-publish hentry",
        "entry-title", "entry-content", "WordPress 6.8",
    ),
    "spip": CouncilLook(
        "page_article", "",
        "titre", "texte", "SPIP 4.3",
    ),
    "drupal": CouncilLook(
        "path-node page-node-type-article", "node node--type-article node--view-mode-full",
        "page-title", "field--name-body", "Drupal 10 (https://www.drupal.org)",
    ),
    "joomla": CouncilLook(
        "site com_content view-article", "",
        "page-header", "com-content-article__body", "Joomla! - Open Source Content Management",
    ),
    "sitemap": CouncilLook(
        "actualite", "actu-detail", "actu-titre", "actu-texte", "Typo3 CMS",
    ),
    "listing": CouncilLook(
        "actualite", "fiche-actu", "fiche-titre", "fiche-corps", "Kentika",
    ),
}  # fmt: skip


def council_article(art: Article, feeds: Sequence[tuple[str, str, str]]) -> bytes:
    """A council news item in the markup of its site's CMS."""
    site = art.site
    return _render(
        "council_article.html.j2", f"{art.title} - {site.name}", body_class=LOOKS[site.cms].body_class,
        site=site, look=LOOKS[site.cms], art=art, feeds=feeds, year=art.published.year,
        stamp=art.published.isoformat(), date=french_date(art.published.date()),
    )  # fmt: skip


def council_index(
    site: Site,
    title: str,
    links: Sequence[tuple[str, str]],
    feeds: Sequence[tuple[str, str, str]],
    year: int,
    *,
    prev_url: str | None = None,
    next_url: str | None = None,
) -> bytes:
    """A council homepage or news listing page (with bounded pagination links)."""
    return _render(
        "council_index.html.j2", f"{title} - {site.name}", body_class="accueil", site=site,
        look=LOOKS[site.cms], title=title, links=links, feeds=feeds, year=year,
        prev_url=prev_url, next_url=next_url,
    )  # fmt: skip


# --- feeds and sitemaps -----------------------------------------------------------------------


def _x(text: str) -> str:
    return escape(text, quote=False)


def rss(
    title: str, link: str, description: str, entries: Sequence[Article], built: dt.datetime
) -> bytes:
    """RSS 2.0 with pubDate in RFC 822 form, as most French CMSs publish."""
    items = []
    for art in entries:
        items.append(
            "<item>"
            f"<title>{_x(art.title)}</title>"
            f"<link>{_x(art.feed_link or art.url)}</link>"
            f'<guid isPermaLink="false">{_x(art.site.slug)}-{_x(art.id)}</guid>'
            f"<pubDate>{format_datetime(art.published)}</pubDate>"
            f"<category>{_x(art.rubric)}</category>"
            f"<description>{_x(art.chapo)}</description>"
            "</item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>'
        f"<title>{_x(title)}</title><link>{_x(link)}</link>"
        f"<description>{_x(description)}</description><language>fr-FR</language>"
        f"<lastBuildDate>{format_datetime(built)}</lastBuildDate>"
        + "".join(items)
        + "</channel></rss>\n"
    ).encode()


def atom(
    title: str, link: str, self_url: str, entries: Sequence[Article], updated: dt.datetime
) -> bytes:
    parts = []
    for art in entries:
        parts.append(
            "<entry>"
            f"<title>{_x(art.title)}</title>"
            f'<link rel="alternate" type="text/html" href="{_e(art.feed_link or art.url)}"/>'
            f"<id>urn:demo:{_x(art.site.slug)}:{_x(art.id)}</id>"
            f"<published>{art.published.isoformat()}</published>"
            f"<updated>{art.published.isoformat()}</updated>"
            f"<author><name>{_x(art.author)}</name></author>"
            f'<category term="{_e(art.rubric)}"/>'
            f"<summary>{_x(art.chapo)}</summary>"
            "</entry>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">'
        f"<title>{_x(title)}</title><id>{_x(self_url)}</id>"
        f'<link rel="self" href="{_e(self_url)}"/><link rel="alternate" href="{_e(link)}"/>'
        f"<updated>{updated.isoformat()}</updated>" + "".join(parts) + "</feed>\n"
    ).encode()


def news_sitemap(publication: str, entries: Sequence[Article]) -> bytes:
    urls = "".join(
        "<url>"
        f"<loc>{_x(art.url)}</loc>"
        f"<lastmod>{art.published.isoformat()}</lastmod>"
        "<news:news><news:publication>"
        f"<news:name>{_x(publication)}</news:name><news:language>fr</news:language>"
        "</news:publication>"
        f"<news:publication_date>{art.published.isoformat()}</news:publication_date>"
        f"<news:title>{_x(art.title)}</news:title></news:news></url>"
        for art in entries
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">' + urls + "</urlset>\n"
    ).encode()


def sitemap_index(urls: Sequence[str], updated: dt.datetime) -> bytes:
    items = "".join(
        f"<sitemap><loc>{_x(url)}</loc><lastmod>{updated.isoformat()}</lastmod></sitemap>"
        for url in urls
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        + items
        + "</sitemapindex>\n"
    ).encode()


def robots(disallow: Sequence[str], sitemaps: Sequence[str]) -> bytes:
    lines = ["User-agent: *", *[f"Disallow: {path}" for path in disallow], ""]
    lines += [f"Sitemap: {url}" for url in sitemaps]
    return ("\n".join(lines) + "\n").encode()


def error_page(status: int, message: str) -> bytes:
    """The HTML body of an error response."""
    return _render(
        "error.html.j2", f"{status} {message}", body_class="", status=status, message=message
    )

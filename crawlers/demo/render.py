"""HTML, RSS, Atom and sitemap rendering of the demo web.

Each function turns typed records into bytes the way one kind of site would serve them: a press
title's article page (cookie banner, nav, ``<article>``, asides, JSON-LD, paywall), council pages
in the markup of WordPress, SPIP, Drupal, Joomla and two feed-less CMSs, feeds and news sitemaps.
Pure functions; the generator decides what to render, the server only serves the bytes.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from email.utils import format_datetime
from html import escape
from zoneinfo import ZoneInfo

from crawlers.demo.compose import french_date
from crawlers.demo.model import Site

PARIS = ZoneInfo("Europe/Paris")
UTC = dt.UTC


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


def _page(
    lang_title: str, head: str, body: str, *, body_class: str = "", site_name: str = ""
) -> bytes:
    return (
        "<!DOCTYPE html>\n"
        '<html lang="fr">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(lang_title)}</title>\n{head}</head>\n"
        f'<body class="{body_class}">\n{body}\n</body>\n</html>\n'
    ).encode()


COOKIE_BANNER = (
    '<div id="consent-banner" class="cmp-banner" role="dialog" aria-label="Consentement">'
    "<p>Avec votre accord, nous et nos partenaires utilisons des cookies pour mesurer "
    "l'audience, personnaliser les contenus et vous proposer des offres adaptées.</p>"
    '<button class="cmp-accept">Accepter et fermer</button> '
    '<button class="cmp-refuse">Continuer sans accepter</button></div>'
)


def _press_header(site: Site, editions: Sequence[tuple[str, str]]) -> str:
    links = "".join(f'<li><a href="/{slug}/">{_e(name)}</a></li>' for slug, name in editions)
    return (
        '<header class="site-header">'
        f'<a class="logo" href="/">{_e(site.name)}</a>'
        '<a class="subscribe" href="/abonnement/">S\'abonner</a>'
        '<nav class="main-nav" aria-label="Rubriques"><ul>'
        f'{links}<li><a href="/sports/">Sports</a></li><li><a href="/loisirs/">Loisirs</a></li>'
        '<li><a href="/faits-divers/">Faits divers</a></li></ul></nav></header>'
    )


def _press_footer(site: Site, year: int) -> str:
    return (
        '<footer class="site-footer"><ul>'
        '<li><a href="/mentions-legales/">Mentions légales</a></li>'
        '<li><a href="/cgv/">Conditions générales de vente</a></li>'
        '<li><a href="/contact/">Nous contacter</a></li>'
        '<li><a href="/charte-cookies/">Gestion des cookies</a></li></ul>'
        f"<p>© {year} {_e(site.name)}"
        + (f" — {_e(site.group)}" if site.group else "")
        + ". Tous droits réservés.</p></footer>"
    )


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
    head = (
        f'<link rel="canonical" href="{_e(art.url)}">\n'
        f'<meta name="description" content="{_e(art.chapo)}">\n'
        f'<meta property="og:title" content="{_e(art.title)}">\n'
        '<meta property="og:type" content="article">\n'
        f'<meta property="og:url" content="{_e(art.url)}">\n'
        f'<meta property="og:site_name" content="{_e(site.name)}">\n'
        f'<script type="application/ld+json">{_json_ld(ld)}</script>\n'
    )
    if art.date_style == "iso":
        time_tag = (
            f'<time datetime="{art.published.isoformat()}">{_visible_date(art.published)}</time>'
        )
    else:
        time_tag = f'<span class="date">{_visible_date(art.published)}</span>'
    shown = art.paragraphs[:2] if art.paywalled else art.paragraphs
    body_html = "".join(f"<p>{_e(text)}</p>" for text in shown)
    paywall = ""
    if art.paywalled:
        left = max(40, 100 - int(100 * len(shown) / max(1, len(art.paragraphs))))
        paywall = (
            '<div class="paywall"><p class="paywall-badge">Réservé aux abonnés</p>'
            f"<p>Il vous reste {left} % de cet article à lire.</p>"
            '<a class="paywall-cta" href="/abonnement/">Je m\'abonne pour 1 € le premier mois</a>'
            "</div>"
        )
    related = "".join(f'<li><a href="{_e(url)}">{_e(title)}</a></li>' for title, url in art.related)
    popular = "".join(f'<li><a href="{_e(url)}">{_e(title)}</a></li>' for title, url in most_read)
    crumb = (
        f'<nav class="breadcrumb"><a href="/">Accueil</a> › '
        f'<a href="/{art.edition_slug}/">{_e(art.edition)}</a> › {_e(art.rubric)}</nav>'
    )
    article = (
        f'<article class="article-detail{" paywalled-content" if art.paywalled else ""}">'
        f'<p class="kicker">{_e(art.rubric)}</p>'
        f'<h1 class="headline">{_e(art.title)}</h1>'
        f'<div class="byline"><span class="author">Par {_e(art.author)}</span> — {time_tag}</div>'
        f'<div class="article-body"><p class="chapo"><strong>{_e(art.chapo)}</strong></p>'
        f"{body_html}</div>{paywall}"
        '<div class="share"><a href="#">Partager sur Facebook</a> <a href="#">Partager par e-mail</a></div>'
        "</article>"
    )
    asides = (
        f'<aside class="related"><h2>À lire aussi</h2><ul>{related}</ul></aside>'
        f'<aside class="most-read"><h2>Les plus lus</h2><ol>{popular}</ol></aside>'
        '<aside class="newsletter"><h2>Newsletter</h2><p>Recevez chaque matin '
        "l'essentiel de l'actualité de votre département.</p>"
        '<form><input type="email" placeholder="Votre e-mail"><button>Je m\'inscris</button></form></aside>'
    )
    body = (
        COOKIE_BANNER
        + _press_header(site, editions)
        + f'<main class="page">{crumb}{article}{asides}</main>'
        + _press_footer(site, art.published.year)
    )
    return _page(
        f"{art.title} | {site.name}", head, body, body_class="article", site_name=site.name
    )


def press_index(
    site: Site,
    title: str,
    links: Sequence[tuple[str, str]],
    editions: Sequence[tuple[str, str]],
    feeds: Sequence[tuple[str, str, str]],
    year: int,
) -> bytes:
    """A press homepage or edition page: latest headlines and feed links in the head."""
    head = "".join(
        f'<link rel="alternate" type="application/{kind}+xml" title="{_e(name)}" href="{_e(url)}">\n'
        for url, kind, name in feeds
    )
    items = "".join(f'<li><a href="{_e(url)}">{_e(text)}</a></li>' for text, url in links)
    body = (
        COOKIE_BANNER
        + _press_header(site, editions)
        + f'<main class="home"><h1>{_e(title)}</h1><ul class="teasers">{items}</ul></main>'
        + _press_footer(site, year)
    )
    return _page(f"{title} | {site.name}", head, body, body_class="home")


# --- council sites -------------------------------------------------------------------------


@dataclass(frozen=True)
class CouncilLook:
    """Markup conventions of one CMS (enough for discovery and extraction to meet variety)."""

    body_class: str
    article_open: str
    title_class: str
    content_class: str
    generator: str


LOOKS = {
    "wordpress": CouncilLook(
        "post-template-default single single-post", '<article class="post type-post status-publish hentry">',
        "entry-title", "entry-content", "WordPress 6.8",
    ),
    "spip": CouncilLook(
        "page_article", '<div class="contenu-principal"><div class="cartouche">',
        "titre", "texte", "SPIP 4.3",
    ),
    "drupal": CouncilLook(
        "path-node page-node-type-article", '<article class="node node--type-article node--view-mode-full">',
        "page-title", "field--name-body", "Drupal 10 (https://www.drupal.org)",
    ),
    "joomla": CouncilLook(
        "site com_content view-article", '<div class="com-content-article item-page" itemscope itemtype="https://schema.org/Article">',
        "page-header", "com-content-article__body", "Joomla! - Open Source Content Management",
    ),
    "sitemap": CouncilLook(
        "actualite", '<article class="actu-detail">', "actu-titre", "actu-texte", "Typo3 CMS",
    ),
    "listing": CouncilLook(
        "actualite", '<article class="fiche-actu">', "fiche-titre", "fiche-corps", "Kentika",
    ),
}  # fmt: skip


def _council_header(site: Site, feed_links: str) -> tuple[str, str]:
    head = feed_links
    header = (
        f'<header class="bandeau"><a class="logo" href="/">{_e(site.name)}</a>'
        '<nav class="menu"><ul><li><a href="/">Accueil</a></li>'
        '<li><a href="/actualites">Actualités</a></li>'
        '<li><a href="/demarches">Mes démarches</a></li><li><a href="/agenda">Agenda</a></li>'
        '<li><a href="/contact">Contact</a></li></ul></nav></header>'
    )
    return head, header


def _council_footer(site: Site, year: int) -> str:
    return (
        '<footer class="pied"><p>'
        f"{_e(site.name)} — Hôtel de ville — Accueil du lundi au vendredi de 8 h 30 à 17 h.</p>"
        '<ul><li><a href="/mentions-legales">Mentions légales</a></li>'
        '<li><a href="/accessibilite">Accessibilité : partiellement conforme</a></li>'
        f'<li><a href="/plan-du-site">Plan du site</a></li></ul><p>© {year}</p></footer>'
    )


def feed_link_tags(feeds: Sequence[tuple[str, str, str]]) -> str:
    return "".join(
        f'<link rel="alternate" type="application/{kind}+xml" title="{_e(name)}" href="{_e(url)}">\n'
        for url, kind, name in feeds
    )


def council_article(art: Article, feeds: Sequence[tuple[str, str, str]]) -> bytes:
    site = art.site
    look = LOOKS[site.cms]
    head, header = _council_header(site, feed_link_tags(feeds))
    head += f'<meta name="generator" content="{_e(look.generator)}">\n'
    head += f'<link rel="canonical" href="{_e(art.url)}">\n'
    stamp = art.published.isoformat()
    if site.cms == "wordpress":
        head += f'<meta property="article:published_time" content="{stamp}">\n'
        date_html = f'<time class="entry-date published" datetime="{stamp}">{french_date(art.published.date())}</time>'
    elif site.cms == "spip":
        # SPIP themes often show only a French date; the microformat keeps the exact instant.
        date_html = f'<p class="info-publi">Publié le <abbr class="published" title="{stamp}">{french_date(art.published.date())}</abbr></p>'
    elif site.cms == "joomla":
        date_html = f'<dd class="published"><time datetime="{stamp}" itemprop="datePublished">Publié le {french_date(art.published.date())}</time></dd>'
    else:
        date_html = f'<time datetime="{stamp}">{french_date(art.published.date())}</time>'
    paragraphs = "".join(f"<p>{_e(text)}</p>" for text in art.paragraphs)
    close = (
        "</div></div>"
        if site.cms == "spip"
        else ("</div>" if site.cms == "joomla" else "</article>")
    )
    content = (
        f'{look.article_open}<h1 class="{look.title_class}">{_e(art.title)}</h1>{date_html}'
        f'<div class="{look.content_class}"><p class="chapo"><strong>{_e(art.chapo)}</strong></p>'
        f"{paragraphs}</div>{close}"
    )
    related = "".join(f'<li><a href="{_e(url)}">{_e(title)}</a></li>' for title, url in art.related)
    aside = (
        f'<aside class="autres-actus"><h2>Dans la même rubrique</h2><ul>{related}</ul></aside>'
        '<aside class="acces-rapides"><h2>Accès rapides</h2><ul><li><a href="/demarches/etat-civil">État civil</a></li>'
        '<li><a href="/demarches/inscriptions-scolaires">Inscriptions scolaires</a></li>'
        '<li><a href="/kiosque">Le magazine municipal</a></li></ul></aside>'
    )
    body = (
        '<div class="tarteaucitron-banner">Ce site utilise des cookies de mesure d\'audience. '
        "<button>Tout accepter</button><button>Personnaliser</button></div>"
        + header
        + f'<main id="contenu">{content}{aside}</main>'
        + _council_footer(site, art.published.year)
    )
    return _page(f"{art.title} - {site.name}", head, body, body_class=look.body_class)


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
    head, header = _council_header(site, feed_link_tags(feeds))
    head += f'<meta name="generator" content="{_e(LOOKS[site.cms].generator)}">\n'
    items = "".join(
        f'<li class="actu-item"><a href="{_e(url)}">{_e(text)}</a></li>' for text, url in links
    )
    pager = ""
    if prev_url or next_url:
        pager = '<nav class="pagination">'
        if prev_url:
            pager += f'<a rel="prev" href="{_e(prev_url)}">Page précédente</a> '
        if next_url:
            pager += f'<a rel="next" href="{_e(next_url)}">Page suivante</a>'
        pager += "</nav>"
    news_link = '<p><a href="/actualites">Toutes les actualités</a></p>'
    body = (
        header
        + f'<main id="contenu"><h1>{_e(title)}</h1><ul class="liste-actus">{items}</ul>{pager}{news_link}</main>'
        + _council_footer(site, year)
    )
    return _page(f"{title} - {site.name}", head, body, body_class="accueil")


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
    return _page(f"{status} {message}", "", f"<h1>{status}</h1><p>{_e(message)}</p>")

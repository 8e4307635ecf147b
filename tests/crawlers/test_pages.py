"""Listing pages, article extraction, paywall flags, text hygiene and discovery helpers (pure)."""

from __future__ import annotations

import json

from crawlers.discovery import (
    classify_feed,
    classify_listing,
    declared_feeds,
    listing_urls,
    probe_urls,
    sitemap_urls,
)
from crawlers.extract import extract_page
from crawlers.listing import read_listing
from crawlers.pipelines.dedup import is_repeat
from crawlers.records import DateCandidate
from crawlers.simhash import PREFILTER_BITS, distance, same_story, simhash
from crawlers.texthygiene import clean_text
from tests.support.sites import article_html

TEXT = (
    "La ville de Chambéry a signé mardi un accord de coopération décentralisée avec la commune "
    "de Ouahigouya, au Burkina Faso, pour soutenir l'accès à l'eau potable dans les écoles.\n"
    "Le conseil municipal a voté une enveloppe de quarante mille euros sur trois ans, complétée "
    "par une subvention du ministère des affaires étrangères au titre de l'action extérieure.\n"
    "Une délégation burkinabè sera reçue au printemps pour préparer les premiers chantiers."
)

LISTING = """<html><body><header><nav><a href="/actualites">Actualités</a><a href="/contact">Contact</a></nav></header>
<main><h1>Actualités</h1>
<article><a href="/actualites/jumelage-avec-lodi">Jumelage avec Lodi</a></article>
<article><a href="/actualites/aide-d-urgence-au-maroc">Aide d'urgence</a></article>
<div><a href="/actualites/semaine-de-la-solidarite">Semaine de la solidarité</a></div>
<a href="javascript:void(0)">Imprimer</a>
<nav class="pager"><a href="/actualites?page=2" rel="next">Suivant</a></nav></main>
<footer><a href="/mentions-legales">Mentions légales</a></footer></body></html>"""


def test_listing_links_and_next_page() -> None:
    parsed = read_listing(LISTING, "https://www.ville.fr/actualites")
    assert [e.url for e in parsed.entries] == [
        "https://www.ville.fr/actualites/jumelage-avec-lodi",
        "https://www.ville.fr/actualites/aide-d-urgence-au-maroc",
        "https://www.ville.fr/actualites/semaine-de-la-solidarite",
    ]
    assert parsed.next_url == "https://www.ville.fr/actualites?page=2"
    assert classify_listing(LISTING, "https://www.ville.fr/actualites")


def test_extract_text_title_dates() -> None:
    jsonld = json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": "Coopération avec Ouahigouya",
            "datePublished": "2024-03-12T10:00:00+01:00",
        }
    )
    html = article_html(
        "Titre HTML", TEXT, jsonld=f'<script type="application/ld+json">{jsonld}</script>'
    )
    page = extract_page(html, "https://www.ville.fr/actualites/cooperation")
    # The title readers see (<h1>, <title> and trafilatura agree) beats a lone JSON-LD
    # headline (issue 12: titles by agreement).
    assert page.title == "Titre HTML"
    assert "Ouahigouya" in page.text and "Mentions légales" not in page.text
    assert page.date_candidates[0] == DateCandidate("jsonld", "2024-03-12T10:00:00+01:00")
    assert not page.paywalled and not page.text_truncated


def test_paywall_from_jsonld_and_marker() -> None:
    locked = json.dumps({"@type": "NewsArticle", "headline": "x", "isAccessibleForFree": "False"})
    html = article_html("x", TEXT, jsonld=f'<script type="application/ld+json">{locked}</script>')
    assert extract_page(html, "https://j.fr/a").paywalled
    teaser = article_html("y", "Début de l'article.\nCet article est réservé aux abonnés.")
    page = extract_page(teaser, "https://j.fr/b")
    assert page.paywalled and page.text_truncated


def test_hostile_title_is_kept_as_text() -> None:
    page = extract_page(
        article_html("&lt;script&gt;alert(1)&lt;/script&gt;", TEXT), "https://j.fr/c"
    )
    assert page.title == "<script>alert(1)</script>"


def test_c1_controls_removed() -> None:
    assert clean_text("L\x92\u0153uvre co\x85te 5 \x80") == "L\u0153uvre cote 5"


def test_discovery_helpers() -> None:
    home = """<html><head><link rel="alternate" type="application/rss+xml" href="/feed/">
    <link rel="alternate" type="application/atom+xml" href="https://www.ville.fr/atom.xml">
    <link rel="alternate" hreflang="en" href="/en/"></head>
    <body><a href="/la-ville/actualites">Actualités</a></body></html>"""
    base = "https://www.ville.fr/"
    assert declared_feeds(home, base) == [
        ("https://www.ville.fr/feed/", "rss"),
        ("https://www.ville.fr/atom.xml", "atom"),
    ]
    assert "https://www.ville.fr/spip.php?page=backend" in probe_urls(base)
    assert "https://www.ville.fr/?format=feed&type=rss" in probe_urls(base)
    assert listing_urls(home, base)[0] == "https://www.ville.fr/la-ville/actualites"
    robots = (
        "User-agent: *\nSitemap: https://www.ville.fr/news.xml\nSitemap: https://evil.example/x.xml"
    )
    assert sitemap_urls(base, robots)[0] == "https://www.ville.fr/news.xml"
    assert "https://evil.example/x.xml" not in sitemap_urls(base, robots)
    assert classify_feed(b"<html><body>no</body></html>") is None


def test_simhash_near_copies() -> None:
    copy = TEXT.replace("mardi", "lundi")
    other = "Le club de football local a remporté son match de championnat dimanche. " * 5
    a, b, c = simhash(TEXT), simhash(copy), simhash(other)
    assert a and b and c
    assert distance(a, b) <= PREFILTER_BITS < distance(a, c)
    assert same_story(TEXT, copy) and not same_story(TEXT, other)
    assert simhash("trop court") is None


def test_title_dedup_needs_the_same_story() -> None:
    other = "Le club de football local a remporté son match de championnat dimanche. " * 5
    assert is_repeat(TEXT.replace("mardi", "lundi"), [TEXT])  # republished copy
    assert not is_repeat(other, [TEXT])  # generic headline, different story
    assert is_repeat("Trop court.", [TEXT])  # cannot compare: the title decides
    assert not is_repeat(TEXT, [])

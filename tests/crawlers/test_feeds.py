"""Feed and sitemap parsing over bytes (B1, B2, B5, B12, A13): pure functions, no network."""

from __future__ import annotations

import tracemalloc

import pytest

from crawlers.feeds import NotAFeed, parse_feed, read_feed
from crawlers.sitemaps import NotASitemap, is_news_sitemap, read_sitemap

BASE = "https://www.journal.fr/rss.xml"


def _rss(items: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title>'
        f"{items}</channel></rss>"
    ).encode()


def test_entries_links_dates_and_relative_urls() -> None:
    body = _rss(
        "<item><title>Un</title><link>/a/1</link><pubDate>mar., 12 mars 2024</pubDate></item>"
        "<item><title>Deux</title><link>https://www.journal.fr/a/2</link></item>"
    )
    entries = parse_feed(body, BASE)
    assert [e.url for e in entries] == ["https://www.journal.fr/a/1", "https://www.journal.fr/a/2"]
    assert entries[0].published == "mar., 12 mars 2024"  # parsed later, in Paris time


def test_malformed_feed_is_kept_with_bozo() -> None:
    body = _rss(
        "<item><title>Sécurité & santé</title><link>https://www.journal.fr/a/1</link></item>"
        "<item><title>Deux<b></title><link>https://www.journal.fr/a/2</link></item>"
    )
    parsed = read_feed(body, BASE)
    assert parsed.bozo
    assert len(parsed.entries) == 2


def test_billion_laughs_does_not_expand() -> None:
    lol = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    body = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY lol0 "lol">{lol}'
        '<!ENTITY ext SYSTEM "http://127.0.0.2/secret">]>'
        '<rss version="2.0"><channel><title>&lol9;</title><item><title>&ext;</title>'
        "<link>https://www.journal.fr/a/1</link></item></channel></rss>"
    ).encode()
    tracemalloc.start()
    try:
        parsed = read_feed(body, BASE)
    except NotAFeed:
        parsed = None
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 50 * 1024 * 1024
    if parsed is not None:
        assert all("lol" * 1000 not in e.title for e in parsed.entries)


def test_non_http_links_refused_and_counted() -> None:
    body = _rss(
        "<item><title>x</title><link>javascript:alert(1)</link></item>"
        "<item><title>y</title><link>file:///etc/passwd</link></item>"
        "<item><title>z</title><link>data:text/html,hello</link></item>"
        f"<item><title>long</title><link>https://www.journal.fr/{'a' * 2100}</link></item>"
        "<item><title>ok</title><link>https://www.journal.fr/a/1</link></item>"
    )
    parsed = read_feed(body, BASE)
    assert [e.url for e in parsed.entries] == ["https://www.journal.fr/a/1"]
    assert parsed.skipped == 4


def test_entries_capped_at_2000() -> None:
    items = "".join(
        f"<item><title>{i}</title><link>https://j.fr/a/{i}</link></item>" for i in range(2500)
    )
    parsed = read_feed(_rss(items), BASE)
    assert len(parsed.entries) == 2000 and parsed.skipped == 500


def test_hostile_title_stays_plain_text() -> None:
    body = _rss(
        "<item><title>&lt;img src=x onerror=alert(1)&gt;</title>"
        "<link>https://www.journal.fr/a/1</link></item>"
    )
    (entry,) = parse_feed(body, BASE)
    assert entry.title == "<img src=x onerror=alert(1)>"  # stored as text, escaped at output


@pytest.mark.parametrize("body", [b"", b"<html><body>Pas un flux</body></html>"])
def test_html_or_empty_is_not_a_feed(body: bytes) -> None:
    with pytest.raises(NotAFeed):
        read_feed(body, BASE)


def test_cp1252_labelled_latin1_feed_decodes_right() -> None:
    body = (
        '<?xml version="1.0" encoding="iso-8859-1"?><rss version="2.0"><channel><title>t</title>'
        "<item><title>L’œuvre coûte 5 €</title><link>https://j.fr/a</link></item></channel></rss>"
    ).encode("cp1252")
    (entry,) = parse_feed(body, BASE)
    assert not any("\x80" <= c <= "\x9f" for c in entry.title)


def test_news_sitemap_and_index() -> None:
    body = (
        b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        b'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>https://v.fr/actu/1</loc>'
        b"<news:news><news:publication_date>2024-03-12T10:00:00+01:00</news:publication_date>"
        b"<news:title>Jumelage</news:title></news:news></url></urlset>"
    )
    parsed = read_sitemap(body, "https://v.fr/sitemap-news.xml")
    assert is_news_sitemap(body)
    assert parsed.entries[0].url == "https://v.fr/actu/1"
    assert parsed.entries[0].title == "Jumelage"
    assert parsed.entries[0].published == "2024-03-12T10:00:00+01:00"
    index = b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>https://v.fr/s1.xml</loc></sitemap></sitemapindex>'
    assert read_sitemap(index, "https://v.fr/sitemap.xml").children == ["https://v.fr/s1.xml"]
    with pytest.raises(NotASitemap):
        read_sitemap(b"<html></html>", "https://v.fr/x")


def test_sitemap_index_children_newest_first() -> None:
    """An archive index lists its months oldest first; the poll follows only the first few."""
    months = [f"2025-{m:02d}" for m in range(1, 13)]
    children = "".join(
        f"<sitemap><loc>https://v.fr/sitemap-{m}.xml</loc><lastmod>{m}-28T10:00:00+01:00</lastmod></sitemap>"
        for m in months
    )
    undated = "<sitemap><loc>https://v.fr/sitemap-pages.xml</loc></sitemap>"
    index = (
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"{undated}{children}</sitemapindex>"
    ).encode()
    got = read_sitemap(index, "https://v.fr/sitemap.xml").children
    assert got[:2] == ["https://v.fr/sitemap-2025-12.xml", "https://v.fr/sitemap-2025-11.xml"]
    assert got[-1] == "https://v.fr/sitemap-pages.xml"
    assert len(got) == 13

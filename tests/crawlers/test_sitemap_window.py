"""Issue 12 item 2: every URL a press source's sitemap dates within the polling window is a
candidate, whatever its path; health says what was left out.

A loopback press site lists 64 dated article URLs in a plain (non-news) sitemap, laid out like
the real one of the issue: 22 under news-like paths (``/actualite/``, ``/2026/12/``), 42 under
rubrics (``/monde/``, ``/societe/``, ``/international/``, ``/meteo/``) that the news-path
pattern does not know. Beside them: archive URLs dated long before the window, and undated
service pages. A real ``aict crawl`` stores them; a second poll sees only what changed.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest

from crawlers.discovery import classify_sitemap
from crawlers.records import FeedEntry, ParsedIndex
from crawlers.sitemaps import (
    FIRST_POLL_LOOKBACK,
    OLDER,
    POLL_GRACE,
    REFUSED,
    UNDATED,
    left_out_note,
    looks_like_article,
    select_candidates,
)
from tests.conftest import copy_sqlite, query_db
from tests.support.cli import crawl_env, run_aict
from tests.support.sites import FixtureSite, article_html
from tests.support.sources import source_entry, write_sources

SLUG = "le-quotidien"
NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)
TEXT = (
    "La région a signé une convention de coopération décentralisée avec une province du Sénégal "
    "pour l'accès à l'eau potable et la formation des techniciens municipaux. Le programme "
    "court sur trois ans et associe deux lycées agricoles."
)
#: (path prefix, how many): the issue's 22 kept and 42 dropped, by rubric.
NEWS_LIKE = [("/actualite/", 12), ("/2026/12/", 10)]
RUBRICS = [("/monde/", 12), ("/societe/", 12), ("/international/", 10), ("/meteo/", 8)]
ARCHIVE = 3  # dated a year before the newest URL: outside a first poll's window
SERVICE_PAGES = ["/contact", "/mentions-legales", "/plan-du-site"]  # undated, not articles


def _paths() -> list[str]:
    return [
        f"{prefix}{prefix.strip('/').replace('/', '-')}-la-cooperation-decentralisee-{n}.html"
        for prefix, count in [*NEWS_LIKE, *RUBRICS]
        for n in range(count)
    ]


def _urlset(site: FixtureSite, dated: list[tuple[str, dt.datetime]], undated: list[str]) -> str:
    urls = "".join(
        f"<url><loc>{site.url(p)}</loc><lastmod>{when.isoformat()}</lastmod></url>"
        for p, when in dated
    ) + "".join(f"<url><loc>{site.url(p)}</loc></url>" for p in undated)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
    )


def _serve_articles(site: FixtureSite, paths: list[str]) -> None:
    for n, path in enumerate(paths):
        title = f"Coopération décentralisée, épisode {path}"
        site.route(path, article_html(title, f"{TEXT}\nÉpisode numéro {n} : {path}."))
    for path in SERVICE_PAGES:
        site.route(path, article_html("Contact", "Mairie, 1 place de l'Hôtel de ville."))


def _aict(*args: str) -> subprocess.CompletedProcess[str]:
    return run_aict(*args, env=crawl_env({"DOWNLOAD_TIMEOUT": 5, "RETRY_TIMES": 0}), timeout=180)


def _sources(tmp_path: Path, sitemap_url: str) -> Path:
    feed = {"url": sitemap_url, "kind": "sitemap", "departments": ["69"]}
    source = source_entry(SLUG, [feed], name="Le Quotidien")
    return write_sources(tmp_path / "sources.yaml", [source])


def _stored(db_url: str) -> set[str]:
    return {r[0].split("/", 3)[3] for r in query_db(db_url, "SELECT url FROM articles")}


def _events(db_url: str) -> list[tuple[str, int, int, str | None]]:
    return [
        tuple(r)
        for r in query_db(
            db_url, "SELECT status, new_items, seen_items, error FROM fetch_events ORDER BY id"
        )
    ]


# --- the selection, as pure functions ------------------------------------------------------


def _entry(path: str, lastmod: dt.datetime | None = None, news: str | None = None) -> FeedEntry:
    return FeedEntry(
        url=f"https://www.quotidien.fr{path}",
        published=news,
        updated=lastmod.isoformat() if lastmod else None,
    )


def test_a_first_poll_reads_back_from_the_newest_date_the_sitemap_lists() -> None:
    newest = dt.datetime(2026, 11, 20, 8, 0, tzinfo=dt.UTC)
    parsed = ParsedIndex(
        entries=[
            _entry("/meteo/gel-tardif", newest - dt.timedelta(days=3)),
            _entry("/monde/sommet", newest),
            _entry("/archives/vieux", newest - FIRST_POLL_LOOKBACK - dt.timedelta(seconds=1)),
            _entry("/contact"),
            _entry("/societe/le-conseil-vote-le-budget-2027"),  # undated, article-like
        ],
        skipped=1,
    )
    kept = select_candidates(parsed, news=False, last_success=None)
    # Newest first, undated last; whatever the rubric.
    assert [e.url.rsplit("/", 1)[1] for e in kept.entries] == [
        "sommet",
        "gel-tardif",
        "le-conseil-vote-le-budget-2027",
    ]
    assert kept.left_out == {OLDER: 1, UNDATED: 1, REFUSED: 1}
    assert left_out_note(kept) == (
        "3 of 6 sitemap URLs left out: 1 dated before the polling window, "
        "1 undated and not article-like, 1 refused (scheme, length) or past the entry cap"
    )


def test_later_polls_start_a_grace_period_before_the_last_success() -> None:
    last = dt.datetime(2026, 11, 20, 8, 0, tzinfo=dt.UTC)
    entries = [
        _entry("/monde/a", last - POLL_GRACE + dt.timedelta(minutes=1)),
        _entry("/monde/b", last - POLL_GRACE - dt.timedelta(minutes=1)),
        # The later of lastmod and the news date counts: an updated article is a candidate.
        _entry("/monde/c", last, news=(last - dt.timedelta(days=400)).isoformat()),
        _entry("/contact"),  # a news sitemap lists news: undated URLs stay
    ]
    kept = select_candidates(ParsedIndex(entries=entries), news=True, last_success=last)
    assert [e.url.rsplit("/", 1)[1] for e in kept.entries] == ["c", "a", "contact"]
    assert kept.left_out == {OLDER: 1}
    assert left_out_note(select_candidates(ParsedIndex(), news=True, last_success=last)) is None


def test_the_news_path_heuristic_only_judges_undated_urls_and_sitemap_choice() -> None:
    assert looks_like_article("https://v.fr/actualites/fete")
    assert looks_like_article("https://j.fr/monde/la-cop-31-s-ouvre-a-belem")
    assert looks_like_article("https://j.fr/faits-divers/1234567")
    assert not looks_like_article("https://v.fr/mentions-legales")
    assert not looks_like_article("https://v.fr/services/etat-civil")
    services = "".join(
        f"<url><loc>https://v.fr/{p}</loc><lastmod>2026-11-20</lastmod></url>"
        for p in ("contact", "mentions-legales", "services/etat-civil", "plan-du-site")
    )
    urlset = '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{}</urlset>'
    assert not classify_sitemap(urlset.format(services).encode(), "https://v.fr/sitemap.xml")
    news = "".join(f"<url><loc>https://v.fr/actualites/n{i}</loc></url>" for i in range(3))
    assert classify_sitemap(urlset.format(services + news).encode(), "https://v.fr/sitemap.xml")


# --- a real crawl ----------------------------------------------------------------------------


@pytest.fixture
def db(sqlite_template: Path, tmp_path: Path) -> str:
    return copy_sqlite(sqlite_template, tmp_path / "aict.db")


def test_every_dated_url_of_a_plain_sitemap_is_a_candidate(db: str, tmp_path: Path) -> None:
    paths = _paths()
    assert len(paths) == 64
    archive = [f"/archives/{n}-une-vieille-nouvelle-de-l-an-dernier.html" for n in range(ARCHIVE)]
    dated = [(p, NOW - dt.timedelta(minutes=30 * (1 + i))) for i, p in enumerate(paths)]
    dated += [(p, NOW - dt.timedelta(days=365)) for p in archive]
    with FixtureSite(lifetime=150) as site:
        site.route(
            "/sitemap.xml", _urlset(site, dated, SERVICE_PAGES), content_type="application/xml"
        )
        _serve_articles(site, [*paths, *archive])
        first = _aict(
            "crawl", "--db", db, "--sources", str(_sources(tmp_path, site.url("/sitemap.xml")))
        )
        assert first.returncode == 0, first.stderr[-3000:]
        # Before the fix: 22 of the 64 (the news-path pattern), health "ok" all the same.
        assert _stored(db) == {p.lstrip("/") for p in paths}
        assert all(site.hits[p] == 0 for p in archive + SERVICE_PAGES)
        [(status, new, seen, note)] = _events(db)
        assert (status, new, seen) == ("ok", 64, 0)
        # What was left out is said, with why.
        assert note and "3 dated before the polling window" in note
        assert "3 undated and not article-like" in note

        # Second poll: two new URLs, one of them under an unknown rubric; the rest is known.
        fresh = [
            "/economie/un-nouvel-accord-de-cooperation-signe-ce-matin.html",
            "/actualite/le-jumelage-fete-ses-dix-ans-avec-une-delegation.html",
        ]
        later = NOW + dt.timedelta(minutes=5)
        site.route(
            "/sitemap.xml",
            _urlset(site, [*[(p, later) for p in fresh], *dated], SERVICE_PAGES),
            content_type="application/xml",
        )
        _serve_articles(site, [*paths, *archive, *fresh])
        second = _aict("crawl", "--db", db, "--only", SLUG)
        assert second.returncode == 0, second.stderr[-3000:]
        assert {p.lstrip("/") for p in fresh} <= _stored(db)
        assert all(site.hits[p] == 1 for p in paths)  # known articles are not fetched again
        status, new, seen, note = _events(db)[-1]
        assert (status, new, seen) == ("ok", 2, 64)


def test_ok_with_nothing_new_is_said_only_when_nothing_was_left_out(
    db: str, tmp_path: Path
) -> None:
    """A plain sitemap of undated service pages: "ok, 0 new", but the note says why."""
    with FixtureSite(lifetime=90) as site:
        site.route("/sitemap.xml", _urlset(site, [], SERVICE_PAGES), content_type="application/xml")
        _serve_articles(site, [])
        done = _aict(
            "crawl", "--db", db, "--sources", str(_sources(tmp_path, site.url("/sitemap.xml")))
        )
        assert done.returncode == 0, done.stderr[-3000:]
        [(status, new, _seen, note)] = _events(db)
        assert (status, new) == ("ok", 0)
        assert note and "3 undated and not article-like" in note
        health = _aict("sources", "health", "--db", db)
        assert health.returncode == 0, health.stderr[-2000:]
        assert "3 undated and not article-like" in health.stdout


def test_failed_article_pages_are_said_in_the_feeds_health(db: str, tmp_path: Path) -> None:
    """Announced, fetched, not stored (HTTP 404): "ok, 3 new" alone would hide the loss."""
    paths = _paths()[:3]
    dated = [(p, NOW - dt.timedelta(hours=1 + i)) for i, p in enumerate(paths)]
    with FixtureSite(lifetime=90) as site:
        site.route("/sitemap.xml", _urlset(site, dated, []), content_type="application/xml")
        _serve_articles(site, paths[:2])  # the third answers 404
        sources = _sources(tmp_path, site.url("/sitemap.xml"))
        done = _aict("crawl", "--db", db, "--sources", str(sources))
        assert done.returncode == 0, done.stderr[-3000:]
        assert len(_stored(db)) == 2
        events = _events(db)
        assert events[0][:3] == ("ok", 3, 0)
        assert events[-1][0] == "pages_failed"
        assert events[-1][3] == (
            f"pages_failed: {site.url(paths[2])} (1 of 3 article pages not stored: 1 HTTP 404)"
        )
        health = _aict("sources", "health", "--db", db)
        assert "1 of 3 article pages not stored" in health.stdout, health.stdout

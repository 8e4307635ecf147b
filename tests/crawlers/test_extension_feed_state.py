"""FeedState on its own, on both databases: one engine shared by the pipelines, feed health
recorded per fetch, validators held until every article is answered, known URLs, quarantine,
and the crawl report read back from the crawl's stats."""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.test import get_crawler
from sqlalchemy import select
from twisted.python.failure import Failure

from crawlers.extensions.feed_state import engine_of, feed_state_of
from crawlers.health import FeedValidators, FetchOutcome
from crawlers.middlewares.errors import SiteChanged
from crawlers.pipelines.dedup import TitleDedupPipeline
from crawlers.pipelines.store import StorePipeline
from crawlers.pipelines.syndication import SyndicationPipeline
from crawlers.plan import FeedTask
from crawlers.records import FeedEntry
from crawlers.report import CrawlReport
from crawlers.settings import EXTENSIONS
from crawlers.urls import normalize_url
from models import Feed, FetchEvent, Source
from storage.engine import make_engine, write_session
from storage.upserts import upsert_articles, upsert_feeds
from tests.support.data import add_source, make_article


def _crawler(db_url: str) -> Crawler:
    return get_crawler(settings_dict={"AICT_DATABASE_URL": db_url, "EXTENSIONS": EXTENSIONS})


def _task(db_url: str, slug: str = "mairie-test", kind: str = "council") -> FeedTask:
    engine = make_engine(db_url)
    with write_session(engine) as session:
        source_id = add_source(session, slug, kind=kind)
        url = f"https://{slug}.example/rss"
        row = {"source_id": source_id, "url": url, "kind": "rss", "departments": ""}
        upsert_feeds(session, [{**row, "poll_minutes": 30}])
        feed_id = session.scalar(select(Feed.id).where(Feed.url == url))
    engine.dispose()
    return FeedTask(feed_id, url, "rss", source_id, slug, kind, None)


def _read(db_url: str, query):  # type: ignore[no-untyped-def]
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            return list(conn.execute(query))
    finally:
        engine.dispose()


def test_pipelines_borrow_the_one_engine(db_url: str) -> None:
    crawler = _crawler(db_url)
    state = feed_state_of(crawler)
    for pipeline in (StorePipeline, TitleDedupPipeline, SyndicationPipeline):
        assert build_from_crawler(pipeline, crawler).db is state.db is engine_of(crawler)


def test_not_enabled_is_said() -> None:
    with pytest.raises(NotConfigured):
        feed_state_of(get_crawler(settings_dict={"EXTENSIONS": {}}))


def test_fetch_recorded_at_once_and_reported_from_stats(db_url: str) -> None:
    crawler = _crawler(db_url)
    state = feed_state_of(crawler)
    task = _task(db_url)
    state.record(task, FetchOutcome("error", http_status=500, error="HTTP 500", error_kind="http"))
    rows = _read(db_url, select(FetchEvent.status, FetchEvent.http_status))
    assert rows == [("error", 500)]
    report = CrawlReport.from_stats(crawler.stats.get_stats())
    assert report.feeds == {task.feed_id: "error"} and report.failed_feeds == 1


def test_validators_wait_for_every_article(db_url: str) -> None:
    crawler = _crawler(db_url)
    state = feed_state_of(crawler)
    done, waiting = _task(db_url, "mairie-a"), _task(db_url, "mairie-b")
    for task in (done, waiting):
        state.validators[task.feed_id] = FeedValidators(f'"{task.source_slug}"', None, "h")
        state.article_requested(task.feed_id)
    state.article_answered(done.feed_id)
    state.spider_closed("shutdown")
    etags = dict(_read(db_url, select(Feed.id, Feed.etag)))
    assert etags == {done.feed_id: '"mairie-a"', waiting.feed_id: None}


def test_new_entries_skip_stored_and_already_requested(db_url: str) -> None:
    crawler = _crawler(db_url)
    state = feed_state_of(crawler)
    task = _task(db_url, "le-journal", kind="press")
    url = "https://www.example-presse.fr/actu/article-1.html"
    stored = make_article(task.source_id, 1, normalized_url=normalize_url(url))
    with write_session(state.db) as session:
        upsert_articles(session, [stored])
    entries = [FeedEntry(url=stored["url"]), FeedEntry(url="https://www.example-presse.fr/new")]
    fresh, seen = state.new_entries(entries)
    assert [entry.url for entry, _ in fresh] == ["https://www.example-presse.fr/new"] and seen == 1
    assert state.new_entries(entries[1:]) == ([], 1)  # requested once per crawl


def test_site_changed_quarantines_once_for_redirects_and_parking_pages(db_url: str) -> None:
    crawler = _crawler(db_url)
    state = feed_state_of(crawler)
    task = _task(db_url)
    moved = Failure(SiteChanged("moved (not followed)", reason="redirected to another domain"))
    request = Request(task.url)
    page = HtmlResponse(task.url, body=b"<html>vendre</html>", request=request)
    parked = Failure(SiteChanged("source quarantined: x", reason="parking", response=page))
    assert state.site_changed(task, moved) is False
    assert state.site_changed(task, parked) is True  # already suspect: the page is ignored
    assert _read(db_url, select(Source.status, Source.status_reason)) == [
        ("suspect", "redirected to another domain")
    ]
    report = CrawlReport.from_stats(crawler.stats.get_stats())
    assert report.quarantined == {"mairie-test": "redirected to another domain"}


def test_engine_disposed_at_close(db_url: str) -> None:
    state = feed_state_of(_crawler(db_url))
    with state.db.connect():
        pass
    state.spider_closed("finished")
    assert state.db.pool.checkedin() == 0


def test_report_of_an_empty_crawl() -> None:
    report = CrawlReport.from_stats({"finish_reason": "finished"})
    assert report.finished and report.feeds == {} and report.failed_feeds == 0

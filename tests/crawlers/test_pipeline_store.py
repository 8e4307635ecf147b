"""StorePipeline on its own: items batched, stored at close in one transaction, counted."""

from __future__ import annotations

from scrapy.utils.misc import build_from_crawler
from sqlalchemy import func, select

from crawlers.extensions.feed_state import feed_state_of
from crawlers.pipelines.store import StorePipeline
from models import Article, RawPage
from storage.engine import write_session
from tests.crawlers.pipeline_items import crawler_on, item
from tests.support.data import add_source


def test_batch_stored_at_close_with_its_raw_page(db_url: str) -> None:
    crawler = crawler_on(db_url)
    engine = feed_state_of(crawler).db
    with write_session(engine) as session:
        source_id = add_source(session, "le-journal")
    pipeline = build_from_crawler(StorePipeline, crawler)
    pipeline.process_item(item(source_id, "https://journal.example/a1", "Le budget voté"))
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(Article)) == 0  # still batched
    pipeline.close_spider()
    with engine.connect() as conn:
        assert conn.scalar(select(Article.title)) == "Le budget voté"
        assert conn.scalar(select(func.count()).select_from(RawPage)) == 1
    assert crawler.stats.get_value("aict/stored") == 1
    engine.dispose()

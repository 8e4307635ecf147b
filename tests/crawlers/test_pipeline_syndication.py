"""SyndicationPipeline on its own: a copy of a group's story by another title points at the
first; another group's identical text does not."""

from __future__ import annotations

from scrapy.utils.misc import build_from_crawler

from crawlers.extensions.feed_state import feed_state_of
from crawlers.pipelines.syndication import SyndicationPipeline
from storage.engine import write_session
from storage.keys import article_id
from tests.crawlers.pipeline_items import crawler_on, item
from tests.support.data import add_source


def test_later_copy_in_the_group_points_at_the_first(db_url: str) -> None:
    crawler = crawler_on(db_url)
    with write_session(feed_state_of(crawler).db) as session:
        first_id = add_source(session, "titre-a", group_name="groupe")
        copy_id = add_source(session, "titre-b", group_name="groupe")
        outside_id = add_source(session, "titre-c", group_name="autre")
    pipeline = build_from_crawler(SyndicationPipeline, crawler)
    first = pipeline.process_item(
        item(first_id, "https://a.example/budget", "Budget", group="groupe")
    )
    copy = pipeline.process_item(
        item(copy_id, "https://b.example/budget", "Budget", group="groupe")
    )
    outside = pipeline.process_item(
        item(outside_id, "https://c.example/b", "Budget", group="autre")
    )
    assert first.syndicated_of is None and first.simhash
    assert copy.syndicated_of == article_id(first.normalized_url)
    assert outside.syndicated_of is None

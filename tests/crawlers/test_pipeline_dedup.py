"""TitleDedupPipeline on its own: the same story under a new URL is dropped, a headline reused
over another story is kept."""

from __future__ import annotations

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.misc import build_from_crawler

from crawlers.extensions.feed_state import feed_state_of
from crawlers.pipelines.dedup import TitleDedupPipeline
from storage.engine import write_session
from tests.crawlers.pipeline_items import crawler_on, item
from tests.support.data import add_source

OTHER = (
    "La médiathèque rouvre ses portes samedi après six mois de travaux, avec un nouvel espace "
    "jeunesse, des horaires élargis le dimanche et un programme de rencontres d'auteurs. "
)


def test_same_story_new_url_dropped_other_story_kept(db_url: str) -> None:
    crawler = crawler_on(db_url)
    with write_session(feed_state_of(crawler).db) as session:
        source_id = add_source(session, "le-journal")
    pipeline = build_from_crawler(TitleDedupPipeline, crawler)
    pipeline.process_item(item(source_id, "https://journal.example/a1", "Conseil municipal"))
    with pytest.raises(DropItem):
        pipeline.process_item(
            item(source_id, "https://journal.example/a1-bis", "Conseil municipal")
        )
    kept = item(source_id, "https://journal.example/a2", "Conseil municipal", text=OTHER * 3)
    assert pipeline.process_item(kept) is kept

"""Title dedup within a source over 7 days (P-D1, B6): the same story republished under a new
URL (another edition, a new guid) is dropped when the source has the same normalised title
within 7 days of its publication (first sight when undated) **and** the texts match (MinHash).
A generic headline over a different story, or a monthly rubric, is kept."""

from __future__ import annotations

import datetime as dt

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from sqlalchemy import func, select

from crawlers import clock
from crawlers.extensions.feed_state import engine_of
from crawlers.records import ArticleItem
from crawlers.simhash import same_story, shingles
from models import Article
from storage.engine import read_engine
from storage.keys import title_hash

WINDOW = dt.timedelta(days=7)


def is_repeat(text: str, earlier: list[str]) -> bool:
    """True when ``text`` repeats one of the ``earlier`` texts (too short to tell: a repeat)."""
    if not earlier:
        return False
    if not shingles(text):
        return True
    return any(not shingles(other) or same_story(text, other) for other in earlier)


class TitleDedupPipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.db = engine_of(crawler)  # the crawl's one engine, disposed of by its owner
        # (source, title hash) → [(normalised URL, date, text)] kept in this run
        self.seen: dict[tuple[int, str], list[tuple[str, dt.datetime, str]]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> TitleDedupPipeline:
        return cls(crawler)

    def _stored_texts(
        self, source_id: int, digest: str, url: str, anchor: dt.datetime
    ) -> list[str]:
        when = func.coalesce(Article.published_at, Article.first_seen_at)
        query = (
            select(Article.text)
            .where(
                Article.source_id == source_id,
                Article.title_hash == digest,
                Article.normalized_url != url,
                when.between(anchor - WINDOW, anchor + WINDOW),
            )
            .limit(5)
        )
        with read_engine(self.db).connect() as conn:
            return [text for (text,) in conn.execute(query)]

    def process_item(self, item: ArticleItem) -> ArticleItem:
        digest = title_hash(item.page.title)
        if digest is None:
            return item
        key = (item.source_id, digest)
        url, text = item.normalized_url, item.page.text
        anchor = item.published_at or clock.utc_now()
        earlier = [
            t for u, when, t in self.seen.get(key, []) if u != url and abs(when - anchor) <= WINDOW
        ]
        earlier += self._stored_texts(item.source_id, digest, url, anchor)
        if is_repeat(text, earlier):
            raise DropItem(f"same story as another article of the source: {item.page.title[:80]}")
        self.seen.setdefault(key, []).append((url, anchor, text))
        return item

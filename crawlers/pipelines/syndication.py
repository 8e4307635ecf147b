"""Syndicated copies across titles of one press group: the later copy points at the first.

A copy is a press article of another source of the same group, first seen within 14 days,
whose stored SimHash is near and whose text MinHash-Jaccard confirms it (crawlers.simhash);
``syndicated_of`` makes metrics count the story once.
"""

from __future__ import annotations

import datetime as dt

from scrapy.crawler import Crawler
from sqlalchemy import select

from crawlers import clock
from crawlers.extensions.feed_state import engine_of
from crawlers.records import ArticleItem
from crawlers.simhash import PREFILTER_BITS, distance, same_story, simhash
from models import Article, Source
from models.vocab import SourceKind
from storage.engine import read_engine
from storage.keys import article_id

WINDOW = dt.timedelta(days=14)


class SyndicationPipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.db = engine_of(crawler)  # the crawl's one engine, disposed of by its owner
        # group → [(simhash, article id, source id)] of this run's articles, and their texts
        self.recent: dict[str, list[tuple[str, str, int]]] = {}
        self.texts: dict[str, str] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SyndicationPipeline:
        return cls(crawler)

    def _stored(self, group: str, source_id: int) -> list[tuple[str, str, int]]:
        since = clock.utc_now() - WINDOW
        query = (
            select(Article.simhash, Article.id, Article.source_id)
            .join(Source, Source.id == Article.source_id)
            .where(
                Source.group_name == group,
                Source.id != source_id,
                Article.simhash.is_not(None),
                Article.syndicated_of.is_(None),
                Article.first_seen_at >= since,
            )
            .order_by(Article.first_seen_at, Article.id)
        )
        with read_engine(self.db).connect() as conn:
            # simhash is never NULL here (filtered above); the column is nullable.
            return [(str(h), i, s) for h, i, s in conn.execute(query)]

    def _text(self, article: str) -> str:
        if article in self.texts:
            return self.texts[article]
        with read_engine(self.db).connect() as conn:
            return conn.execute(select(Article.text).where(Article.id == article)).scalar() or ""

    def process_item(self, item: ArticleItem) -> ArticleItem:
        item.simhash = simhash(item.page.text)
        if item.simhash is None or not item.group or item.source_kind != SourceKind.PRESS:
            return item
        own_id = article_id(item.normalized_url)
        candidates = [*self._stored(item.group, item.source_id), *self.recent.get(item.group, [])]
        for other_hash, other_id, other_source in candidates:
            if other_source == item.source_id or other_id == own_id:
                continue
            if distance(other_hash, item.simhash) <= PREFILTER_BITS and same_story(
                self._text(other_id), item.page.text
            ):
                item.syndicated_of = other_id
                break
        if item.syndicated_of is None:
            self.recent.setdefault(item.group, []).append((item.simhash, own_id, item.source_id))
            self.texts[own_id] = item.page.text
        return item

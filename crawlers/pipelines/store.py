"""Storing, the thin last link: batches of items become article, version and raw-page rows
through the storage upserts, one transaction per batch (all or nothing)."""

from __future__ import annotations

import datetime as dt
import gzip
from typing import Any

from scrapy.crawler import Crawler

from crawlers import clock
from crawlers.extensions.feed_state import engine_of
from crawlers.records import ArticleItem
from models import RawPage
from storage.engine import write_session
from storage.upserts import article_row, upsert_article_versions, upsert_articles


def article_fields(item: ArticleItem, now: dt.datetime) -> dict[str, Any]:
    """The ``articles`` row of an item (ids, hashes, Paris week from storage.article_row)."""
    page = item.page
    return article_row(
        source_id=item.source_id,
        url=item.url,
        normalized_url=item.normalized_url,
        title=page.title,
        text=page.text,
        published_at=item.published_at,
        first_seen_at=now,
        feed_id=item.feed_id,
        lead=page.lead,
        canonical_url=page.canonical_url,
        language=item.language,
        paywalled=page.paywalled,
        text_truncated=page.text_truncated,
        encoding=item.encoding,
        simhash=item.simhash,
        syndicated_of=item.syndicated_of,
    )


class StorePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.db = engine_of(crawler)  # the crawl's one engine, disposed of by its owner
        self.batch_size = crawler.settings.getint("AICT_STORE_BATCH", 50)
        self.stats = crawler.stats
        self.pending: dict[str, tuple[dict[str, Any], ArticleItem]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        return cls(crawler)

    def process_item(self, item: ArticleItem) -> ArticleItem:
        now = clock.utc_now()
        row = article_fields(item, now)
        self.pending[row["id"]] = (row, item)
        if len(self.pending) >= self.batch_size:
            self.flush()
        return item

    def flush(self) -> None:
        if not self.pending:
            return
        batch = list(self.pending.values())
        self.pending.clear()
        with write_session(self.db) as session:
            upsert_articles(session, [row for row, _ in batch])
            upsert_article_versions(
                session,
                [
                    {
                        "article_id": row["id"],
                        "content_hash": row["content_hash"],
                        "title": row["title"],
                        "text": row["text"],
                        "seen_at": row["updated_at"],
                    }
                    for row, _ in batch
                ],
            )
            for row, item in batch:
                session.merge(
                    RawPage(
                        article_id=row["id"],
                        fetched_at=row["updated_at"],
                        http_status=item.http_status,
                        body_gz=gzip.compress(item.html.encode("utf-8"), compresslevel=6),
                    )
                )
        self.stats.inc_value("aict/stored", len(batch))

    def close_spider(self) -> None:
        self.flush()

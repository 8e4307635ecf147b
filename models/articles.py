"""Articles (press pieces and council news items), their text versions and raw pages."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utcnow


class Article(Base):
    """One article per normalised URL (P-D1). ``id`` is derived from the normalised URL.

    ``week`` and ``month`` are computed in Python (Europe/Paris) from
    ``COALESCE(published_at, first_seen_at)`` when the row is written (design.md);
    ``published_date`` is the Paris calendar day of ``published_at`` (NULL when it is NULL).
    ``syndicated_of`` points at the first copy of a syndicated text so metrics count it once.
    """

    __tablename__ = "articles"
    __table_args__ = (
        UniqueConstraint("normalized_url"),
        Index("ix_articles_source_id_week", "source_id", "week"),
        Index("ix_articles_source_id_title_hash", "source_id", "title_hash"),
        Index("ix_articles_published_at", "published_at"),
    )
    UPSERT_KEY = ("normalized_url",)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    feed_id: Mapped[int | None] = mapped_column(ForeignKey("feeds.id", ondelete="SET NULL"))
    url: Mapped[str] = mapped_column(String(2048))
    normalized_url: Mapped[str] = mapped_column(String(2048))
    canonical_url: Mapped[str | None] = mapped_column(String(2048))
    title: Mapped[str] = mapped_column(Text, default="")
    lead: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text, default="")
    published_at: Mapped[dt.datetime | None] = mapped_column()
    published_date: Mapped[dt.date | None] = mapped_column(Date)
    first_seen_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    week: Mapped[str] = mapped_column(String(8))
    month: Mapped[str] = mapped_column(String(7))
    language: Mapped[str | None] = mapped_column(String(8))
    content_hash: Mapped[str] = mapped_column(String(64), default="")
    title_hash: Mapped[str | None] = mapped_column(String(64))
    simhash: Mapped[str | None] = mapped_column(String(16))
    syndicated_of: Mapped[str | None] = mapped_column(String(32), index=True)
    paywalled: Mapped[bool] = mapped_column(Boolean, default=False)
    text_truncated: Mapped[bool] = mapped_column(Boolean, default=False)
    encoding: Mapped[str | None] = mapped_column(String(40))
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class ArticleVersion(Base):
    """A text an article had; a new row when the extracted text changes."""

    __tablename__ = "article_versions"
    __table_args__ = (UniqueConstraint("article_id", "content_hash"),)
    UPSERT_KEY = ("article_id", "content_hash")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    content_hash: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text, default="")
    seen_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class RawPage(Base):
    """Compressed raw HTML kept 90 days so texts can be re-extracted (design.md)."""

    __tablename__ = "raw_pages"

    article_id: Mapped[str] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    fetched_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    http_status: Mapped[int | None] = mapped_column(Integer)
    body_gz: Mapped[bytes] = mapped_column(LargeBinary)

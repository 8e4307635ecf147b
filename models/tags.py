"""What the tagger said about an article: one current tag per article, with its ``nlp_version``.

List columns (``objects``, ``actor_codes``, ``partner_countries``) are kept denormalised as
sorted comma-separated text (the officer views expose them as such); objects and countries are
also kept one row each so views can group by them on both databases.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Index, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, one_of, utcnow
from models.taxonomy import ObjectId


class Tag(Base):
    """The current tag of an article. Re-tagging with a new ``nlp_version`` replaces it.

    ``corrected``: ``is_aict``, ``objects``, ``actor_codes`` and ``partner_countries`` (and the
    object and country rows) come from the article's latest :class:`TagCorrection`, laid over
    the tagger's output each time the article is tagged (``storage.corrections``).
    """

    __tablename__ = "tags"
    UPSERT_KEY = ("article_id",)

    article_id: Mapped[str] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    nlp_version: Mapped[str] = mapped_column(String(40), index=True)
    is_aict: Mapped[bool] = mapped_column(Boolean)
    score: Mapped[float] = mapped_column(Float)
    objects: Mapped[str] = mapped_column(Text, default="")
    object_scores: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    actors: Mapped[list[Any]] = mapped_column(JSON, default=list)
    actor_codes: Mapped[str] = mapped_column(Text, default="")
    partners: Mapped[list[Any]] = mapped_column(JSON, default=list)
    partner_countries: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str | None] = mapped_column(Text)
    tagged_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    corrected: Mapped[bool] = mapped_column(Boolean, server_default=false())


class TagObject(Base):
    """One row per object assigned to an AICT article (for per-object views)."""

    __tablename__ = "tag_objects"
    __table_args__ = (one_of("object", ObjectId),)
    UPSERT_KEY = ("article_id", "object")

    article_id: Mapped[str] = mapped_column(
        ForeignKey("tags.article_id", ondelete="CASCADE"), primary_key=True
    )
    object: Mapped[str] = mapped_column(String(20), primary_key=True)
    score: Mapped[float] = mapped_column(Float)


class TagCountry(Base):
    """One row per partner country named by an AICT article (for the geography view)."""

    __tablename__ = "tag_countries"
    UPSERT_KEY = ("article_id", "country_iso2")

    article_id: Mapped[str] = mapped_column(
        ForeignKey("tags.article_id", ondelete="CASCADE"), primary_key=True
    )
    country_iso2: Mapped[str] = mapped_column(String(2), primary_key=True)


class TagFrame(Base):
    """One row per frame of an AICT article's frame distribution (issue 15; ``v_framing``).

    All four frames are stored, zeros included, so a view's average share is a plain mean.
    """

    __tablename__ = "tag_frames"
    UPSERT_KEY = ("article_id", "frame")

    article_id: Mapped[str] = mapped_column(
        ForeignKey("tags.article_id", ondelete="CASCADE"), primary_key=True
    )
    frame: Mapped[str] = mapped_column(String(16), primary_key=True)
    share: Mapped[float] = mapped_column(Float)


class TagCorrection(Base):
    """A person's correction of an article's tag (``aict tags correct``), kept as history.

    Corrections are versioned: each one is a new row and the latest (``created_at``, then
    ``id``) is the one in force; it states every corrected value, not a difference. List
    columns are sorted comma-separated text like the ``tags`` columns.
    """

    __tablename__ = "tag_corrections"
    __table_args__ = (
        Index("ix_tag_corrections_article_id_created_at", "article_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    is_aict: Mapped[bool] = mapped_column(Boolean)
    objects: Mapped[str] = mapped_column(Text, default="")
    actor_codes: Mapped[str] = mapped_column(Text, default="")
    partner_countries: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str | None] = mapped_column(Text)
    corrected_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

"""The action register (council AICT items and imported partnerships), relays and measure runs."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, one_of, utcnow
from models.taxonomy import ObjectId


class Action(Base):
    """One action × object: a council AICT news item or an imported known partnership.

    ``natural_key`` makes re-measuring and re-importing idempotent
    (``item:<article_id>:<object>`` or ``import:<actor>:<partner>:<country>:<object>:<since>``).
    """

    __tablename__ = "actions"
    __table_args__ = (UniqueConstraint("natural_key"), one_of("object", ObjectId))
    UPSERT_KEY = ("natural_key",)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    natural_key: Mapped[str] = mapped_column(String(400))
    origin: Mapped[str] = mapped_column(String(16))
    article_id: Mapped[str | None] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    actor_codes: Mapped[str] = mapped_column(Text, default="")
    actor_name: Mapped[str | None] = mapped_column(String(300))
    object: Mapped[str] = mapped_column(String(20))
    partner: Mapped[str | None] = mapped_column(String(300))
    country_iso2: Mapped[str | None] = mapped_column(String(2))
    action_date: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    covered: Mapped[bool] = mapped_column(Boolean, default=False)
    first_press_at: Mapped[dt.datetime | None] = mapped_column()
    days_without_coverage: Mapped[int | None] = mapped_column(Integer)


class Relay(Base):
    """A press article that relays a council AICT item (within the relay window)."""

    __tablename__ = "relays"
    __table_args__ = (UniqueConstraint("council_article_id", "press_article_id"),)
    UPSERT_KEY = ("council_article_id", "press_article_id")

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    council_article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    press_article_id: Mapped[str] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    similarity: Mapped[float] = mapped_column(Float)
    reuse_ratio: Mapped[float] = mapped_column(Float)
    lag_days: Mapped[int] = mapped_column(Integer)


class RelaySummary(Base):
    """Per council AICT item, the relay outcome as of the latest measure (lists sorted in Python)."""

    __tablename__ = "relay_summaries"
    UPSERT_KEY = ("council_article_id",)

    council_article_id: Mapped[str] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    relayed: Mapped[bool] = mapped_column(Boolean, default=False)
    first_press_at: Mapped[dt.datetime | None] = mapped_column()
    lag_days: Mapped[int | None] = mapped_column(Integer)
    press_outlets: Mapped[str] = mapped_column(Text, default="")
    similarity: Mapped[float | None] = mapped_column(Float)
    reuse_ratio: Mapped[float | None] = mapped_column(Float)


class MeasureRun(Base):
    """The latest ``aict measure`` run per ``as_of``; views speak of "the period" up to the latest.

    One row per date, so re-measuring the same date changes nothing (reliability.md P-D2).
    """

    __tablename__ = "measure_runs"
    __table_args__ = (UniqueConstraint("as_of"),)
    UPSERT_KEY = ("as_of",)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    as_of: Mapped[dt.date] = mapped_column(Date)
    ran_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    council_items: Mapped[int] = mapped_column(Integer, default=0)
    relayed_items: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str | None] = mapped_column(Text)


class WeeklyCount(Base):
    """Articles and AICT articles per source, ISO week and object, as of the latest measure run.

    The table behind ``v_weekly_coverage``: aggregating every article at query time cost seconds
    at a million articles, so ``aict measure`` rebuilds it (``storage.weekly``). ``object`` is
    ``''`` for all objects (a key column cannot be NULL on PostgreSQL; the view shows NULL).
    ``source_id`` has no foreign key on purpose: the table is derived and rebuilt whole, and the
    per-row constraint check was half the rebuild time (0.8 s of 1.8 s at 100,000 rows).
    """

    __tablename__ = "weekly_counts"
    UPSERT_KEY = ("source_id", "week", "object")

    source_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    week: Mapped[str] = mapped_column(String(8), primary_key=True, index=True)
    object: Mapped[str] = mapped_column(String(20), primary_key=True)
    articles: Mapped[int] = mapped_column(Integer)
    aict_articles: Mapped[int] = mapped_column(Integer)
    complete: Mapped[bool] = mapped_column(Boolean)

"""Test data builders: sources, feeds, articles and tags written the way the application writes
them (the storage upserts, and :func:`storage.tagstore.write_tags` for tags, never a copy of it).

The one data-builder module; scenarios (``tests/digest/factory.py``, ``tests/measure/scenario.py``)
and the benchmarks build their worlds from it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from models import Feed
from nlp.record import Actor, TagRecord
from storage.tagstore import write_tags
from storage.upserts import article_row, source_ids, upsert_feeds, upsert_sources

BASE_TIME = dt.datetime(2026, 11, 2, 9, 30, tzinfo=dt.UTC)


def add_source(session: Session, slug: str = "le-test", kind: str = "press", **extra: Any) -> int:
    """Create (or refresh) a source and return its id."""
    row = {"slug": slug, "name": slug.replace("-", " ").title(), "kind": kind, **extra}
    upsert_sources(session, [row])
    return source_ids(session)[slug]


def add_feed(
    session: Session, source_id: int, url: str, departments: str = "", **state: Any
) -> int:
    """Create an RSS feed of ``source_id`` (its ``state`` columns set) and return its id."""
    upsert_feeds(
        session, [{"source_id": source_id, "url": url, "kind": "rss", "departments": departments}]
    )
    feed_id = session.execute(Feed.__table__.select().where(Feed.url == url)).one().id
    if state:
        session.execute(update(Feed).where(Feed.id == feed_id).values(**state))
    return feed_id


def make_article(source_id: int, n: int, **extra: Any) -> dict[str, Any]:
    """A complete synthetic article row number ``n``."""
    url = f"https://www.example-presse.fr/actu/article-{n}.html"
    fields: dict[str, Any] = {
        "source_id": source_id,
        "url": url,
        "normalized_url": url,
        "title": f"Titre de l'article {n}",
        "text": f"Texte de l'article numéro {n}. " * 5,
        "published_at": BASE_TIME + dt.timedelta(hours=n),
    }
    fields.update(extra)
    return article_row(**fields)


def make_tag(
    objects: Mapping[str, float] | Iterable[str] = ("cooperation",),
    *,
    is_aict: bool = True,
    score: float | None = None,
    actors: Iterable[Actor | tuple[str, str | None]] = (),
    partners: Iterable[str] = (),
    countries: Iterable[str] = (),
    reason: str | None = None,
) -> TagRecord:
    """A tag record: ``objects`` as ids (score 0.9 each) or as {id: score}; ``actors`` as
    :class:`Actor` or (name, code) pairs (collectivités acting); ``score`` 0.9 if AICT, else 0.1."""
    scores = dict(objects) if isinstance(objects, Mapping) else dict.fromkeys(objects, 0.9)
    return TagRecord(
        is_aict=is_aict,
        score=score if score is not None else (0.9 if is_aict else 0.1),
        objects=tuple(scores),
        object_scores=scores,
        actors=tuple(a if isinstance(a, Actor) else Actor(*a) for a in actors),
        partners=tuple(partners),
        partner_countries=tuple(countries),
        reason=reason,
    )


def add_tags(
    session: Session, results: Iterable[tuple[str, TagRecord]], nlp_version: str = "test-1"
) -> int:
    """Store tags the way ``aict tag`` does (:func:`storage.tagstore.write_tags`)."""
    return write_tags(session, nlp_version, list(results))

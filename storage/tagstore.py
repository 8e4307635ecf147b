"""Reading articles to tag and writing tagger results (tags, tag_objects, tag_countries,
tag_frames)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from models import Article, Tag, TagCountry, TagFrame, TagObject
from models.base import utcnow
from nlp.record import TagRecord
from storage.upserts import (
    upsert_tag_countries,
    upsert_tag_frames,
    upsert_tag_objects,
    upsert_tags,
)


def articles_to_tag(
    session: Session, nlp_version: str, *, retag: bool = False, after: str = "", limit: int = 500
) -> list[tuple[str, str, str]]:
    """Up to ``limit`` (id, title, text) of articles without a tag of ``nlp_version``.

    Keyset pagination on the article id (``after``) keeps batches stable while tags are written.
    """
    query = select(Article.id, Article.title, Article.text).where(Article.id > after)
    if not retag:
        query = query.outerjoin(Tag, Tag.article_id == Article.id).where(
            or_(Tag.article_id.is_(None), Tag.nlp_version != nlp_version)
        )
    query = query.order_by(Article.id).limit(limit)
    return [(row[0], row[1] or "", row[2] or "") for row in session.execute(query)]


def _csv(values: Iterable[str | None]) -> str:
    return ",".join(sorted({v for v in values if v}))


def tag_row(article_id: str, nlp_version: str, record: TagRecord) -> dict[str, Any]:
    """The ``tags`` row of a record. ``actors`` keeps every typed actor; ``actor_codes`` only
    the French ones (collectivités and the bodies they steer), which measures and digests use."""
    return {
        "article_id": article_id,
        "nlp_version": nlp_version,
        "is_aict": record.is_aict,
        "score": record.score,
        "objects": _csv(record.objects),
        "object_scores": dict(record.object_scores),
        "actors": [a.to_json() for a in record.actors],
        "actor_codes": _csv(a.code for a in record.french_actors),
        "partners": list(record.partners),
        "partner_countries": _csv(record.partner_countries),
        "reason": record.reason,
    }


#: The upsert of each table :func:`child_rows` fills.
_CHILD_WRITERS = {
    "objects": upsert_tag_objects,
    "countries": upsert_tag_countries,
    "frames": upsert_tag_frames,
}


def child_rows(article_id: str, record: TagRecord) -> dict[str, list[dict[str, Any]]]:
    """The ``tag_objects``, ``tag_countries`` and ``tag_frames`` rows of a record: none unless
    it is AICT; frames one per frame, zeros included (issue 15)."""
    if not record.is_aict:
        return {"objects": [], "countries": [], "frames": []}
    return {
        "objects": [
            {"article_id": article_id, "object": o, "score": record.object_scores[o]}
            for o in record.objects
        ],
        "countries": [
            {"article_id": article_id, "country_iso2": c} for c in set(record.partner_countries)
        ],
        "frames": [
            {"article_id": article_id, "frame": frame, "share": share}
            for frame, share in record.frames
        ],
    }


def write_tags(
    session: Session,
    nlp_version: str,
    results: Sequence[tuple[str, TagRecord | Mapping[str, Any]]],
) -> int:
    """Replace the tags of these articles with the tagger's records, then lay the people's
    corrections in force over them (:func:`storage.corrections.apply_corrections`), so a re-tag
    rewrites the machine's values and the corrected ones still win.

    A record may also be given as its tag-text JSON object (:meth:`TagRecord.from_json`). An
    AICT record's frame distribution goes to ``tag_frames`` (the ``tags`` row is unchanged).
    """
    from storage.corrections import apply_corrections

    if not results:
        return 0
    records = [
        (article_id, rec if isinstance(rec, TagRecord) else TagRecord.from_json(rec))
        for article_id, rec in results
    ]
    ids = [article_id for article_id, _ in records]
    for child in (TagObject, TagCountry, TagFrame):
        session.execute(delete(child).where(child.article_id.in_(ids)))
    now = utcnow()
    tags = []
    children: dict[str, list[dict[str, Any]]] = {"objects": [], "countries": [], "frames": []}
    for article_id, rec in records:
        tags.append({**tag_row(article_id, nlp_version, rec), "tagged_at": now, "corrected": False})
        for table, rows in child_rows(article_id, rec).items():
            children[table] += rows
    upsert_tags(session, tags)
    for table, rows in children.items():
        if rows:
            _CHILD_WRITERS[table](session, rows)
    apply_corrections(session, ids)
    return len(tags)

"""Reading articles to tag and writing tagger results (tags, tag_objects, tag_countries)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from models import Article, Tag, TagCountry, TagObject
from models.base import utcnow
from storage.upserts import upsert_tag_countries, upsert_tag_objects, upsert_tags


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


def _csv(values: Iterable[str]) -> str:
    return ",".join(sorted({v for v in values if v}))


def write_tags(
    session: Session, nlp_version: str, results: Sequence[tuple[str, dict[str, Any]]]
) -> int:
    """Replace the tags of these articles with the tagger's records (tag-text contract)."""
    if not results:
        return 0
    ids = [article_id for article_id, _ in results]
    session.execute(delete(TagObject).where(TagObject.article_id.in_(ids)))
    session.execute(delete(TagCountry).where(TagCountry.article_id.in_(ids)))
    now = utcnow()
    tags, objects, countries = [], [], []
    for article_id, rec in results:
        tags.append(
            {
                "article_id": article_id,
                "nlp_version": nlp_version,
                "is_aict": rec["is_aict"],
                "score": rec["score"],
                "objects": _csv(rec["objects"]),
                "object_scores": rec["object_scores"],
                "actors": rec["actors"],
                "actor_codes": _csv(a["code"] for a in rec["actors"] if a.get("code")),
                "partners": rec["partners"],
                "partner_countries": _csv(rec["partner_countries"]),
                "reason": rec.get("reason"),
                "tagged_at": now,
            }
        )
        if rec["is_aict"]:
            objects += [
                {"article_id": article_id, "object": o, "score": rec["object_scores"].get(o, 0.0)}
                for o in rec["objects"]
            ]
            countries += [
                {"article_id": article_id, "country_iso2": c} for c in set(rec["partner_countries"])
            ]
    upsert_tags(session, tags)
    if objects:
        upsert_tag_objects(session, objects)
    if countries:
        upsert_tag_countries(session, countries)
    return len(tags)

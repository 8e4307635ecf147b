"""Tiny factories for test rows (one place, reused by every test module)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from storage.upserts import article_row, source_ids, upsert_sources

BASE_TIME = dt.datetime(2026, 11, 2, 9, 30, tzinfo=dt.UTC)


def add_source(session: Session, slug: str = "le-test", kind: str = "press", **extra: Any) -> int:
    """Create (or refresh) a source and return its id."""
    row = {"slug": slug, "name": slug.replace("-", " ").title(), "kind": kind, **extra}
    upsert_sources(session, [row])
    return source_ids(session)[slug]


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

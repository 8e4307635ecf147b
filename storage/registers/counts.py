"""The counts behind ``v_registers``, rebuilt by ``aict measure``: per year and collectivité, its
council's AICT items, how many the press relayed, and the press AICT articles naming it.

Years are the Paris calendar years of the articles (``articles.month``). Council items are those
of the council's own sources (``sources.collectivite_code``): what the council published.
Press articles are those whose tag names the collectivité among its actors, a syndicated copy
counted once with its original. ``relayed`` is the latest measure's (``relay_summaries``).
"""

from __future__ import annotations

from collections import Counter, defaultdict

from sqlalchemy import Connection, delete, insert, select

from models import Article, CollectiviteYearCount, RelaySummary, Source, Tag
from models.vocab import SourceKind


def _council_counts(conn: Connection) -> tuple[Counter[tuple[int, str]], Counter[tuple[int, str]]]:
    """Council AICT items and relayed ones, per (year, collectivité of the source)."""
    query = (
        select(Article.month, Source.collectivite_code, RelaySummary.relayed)
        .join(Tag, Tag.article_id == Article.id)
        .join(Source, Source.id == Article.source_id)
        .outerjoin(RelaySummary, RelaySummary.council_article_id == Article.id)
        .where(
            Tag.is_aict.is_(True),
            Source.kind == SourceKind.COUNCIL,
            Source.collectivite_code.is_not(None),
        )
    )
    items: Counter[tuple[int, str]] = Counter()
    relayed: Counter[tuple[int, str]] = Counter()
    for month, code, was_relayed in conn.execute(query):
        key = (int(month[:4]), str(code))  # never NULL: filtered above
        items[key] += 1
        relayed[key] += bool(was_relayed)
    return items, relayed


def _press_counts(conn: Connection) -> dict[tuple[int, str], set[str]]:
    """Press AICT items (a syndicated copy is its original) per (year, actor code named)."""
    query = (
        select(Article.month, Article.id, Article.syndicated_of, Tag.actor_codes)
        .join(Tag, Tag.article_id == Article.id)
        .join(Source, Source.id == Article.source_id)
        .where(Tag.is_aict.is_(True), Source.kind == SourceKind.PRESS, Tag.actor_codes != "")
    )
    items: dict[tuple[int, str], set[str]] = defaultdict(set)
    for month, article_id, original, codes in conn.execute(query):
        for code in filter(None, (codes or "").split(",")):
            items[(int(month[:4]), code)].add(original or article_id)
    return items


def refresh_collectivite_year_counts(conn: Connection) -> int:
    """Rebuild ``collectivite_year_counts`` inside the caller's transaction; returns its rows."""
    items, relayed = _council_counts(conn)
    press = _press_counts(conn)
    rows = [
        {
            "year": year,
            "collectivite_code": code,
            "council_items": items.get((year, code), 0),
            "relayed_items": relayed.get((year, code), 0),
            "press_articles": len(press.get((year, code), ())),
        }
        for year, code in sorted(set(items) | set(press))
    ]
    conn.execute(delete(CollectiviteYearCount))
    if rows:
        conn.execute(insert(CollectiviteYearCount), rows)
    return len(rows)

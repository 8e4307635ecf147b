"""Vocabularies as types (issue 14 item 5): the enums, the models' CHECK constraints built from
them, the migration that wrote them out (e588746158b7), on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import CheckConstraint, exc, select, text

from models import Action, Base, Feed, FetchEvent, Source, Tag, TagObject
from models.taxonomy import OBJECT_IDS, ObjectId
from models.vocab import (
    FAILED_STATUSES,
    PAGE_STATUSES,
    SUCCESS_STATUSES,
    UNFETCHED_STATUSES,
    FeedKind,
    FeedStatus,
    FetchStatus,
    SourceKind,
    SourceStatus,
    values,
)
from storage import migrate
from storage.engine import write_session
from storage.upserts import upsert_articles
from tests.support.data import add_source, make_article

REVISION = "e588746158b7"

#: (table, column) → the vocabulary its CHECK constraint lists.
CHECKED: dict[tuple[str, str], type[StrEnum]] = {
    ("sources", "kind"): SourceKind,
    ("sources", "status"): SourceStatus,
    ("feeds", "kind"): FeedKind,
    ("feeds", "status"): FeedStatus,
    ("fetch_events", "status"): FetchStatus,
    ("tag_objects", "object"): ObjectId,
    ("actions", "object"): ObjectId,
}


def _listed(sql: str) -> tuple[str, ...]:
    return tuple(re.findall(r"'([^']*)'", sql))


def test_models_check_constraints_list_the_enums() -> None:
    for (table, column), vocabulary in CHECKED.items():
        checks = {
            c.name: str(c.sqltext)
            for c in Base.metadata.tables[table].constraints
            if isinstance(c, CheckConstraint)
        }
        sql = checks[f"ck_{table}_{column}"]
        assert sql.startswith(f"{column} IN (")
        assert _listed(sql) == values(vocabulary), (table, column)


def test_the_migration_wrote_the_same_lists() -> None:
    """The migration's lists are frozen text; today they must still be the enums' values."""
    script = ScriptDirectory.from_config(migrate.alembic_config()).get_revision(REVISION)
    frozen = script.module.CHECKS
    written = {(t, c): allowed for t, cols in frozen.items() for c, allowed in cols.items()}
    assert written == {key: values(vocabulary) for key, vocabulary in CHECKED.items()}


def test_status_sets_partition_the_vocabularies() -> None:
    assert SUCCESS_STATUSES | FAILED_STATUSES | UNFETCHED_STATUSES == set(FeedStatus)
    assert not SUCCESS_STATUSES & FAILED_STATUSES
    assert not (SUCCESS_STATUSES | FAILED_STATUSES) & UNFETCHED_STATUSES
    assert set(FetchStatus) == SUCCESS_STATUSES | FAILED_STATUSES | PAGE_STATUSES
    assert not PAGE_STATUSES & set(FeedStatus)
    assert OBJECT_IDS == tuple(ObjectId)


def test_members_are_stored_as_their_values(engine) -> None:  # type: ignore[no-untyped-def]
    with write_session(engine) as s:
        source = Source(slug="mairie", name="Mairie", kind=SourceKind.COUNCIL)
        s.add(source)
        s.flush()
        s.add(Feed(source_id=source.id, url="https://mairie.test/rss", kind=FeedKind.ATOM))
    with engine.connect() as conn:
        row = conn.execute(
            text("SELECT s.kind, s.status, f.kind, f.status FROM sources s JOIN feeds f ON TRUE")
        ).one()
    assert tuple(row) == ("council", "active", "atom", "pending")
    assert all(type(value) is str for value in row)


@pytest.mark.parametrize(
    ("table", "column"), [key for key in CHECKED if key[0] in ("sources", "feeds")]
)
def test_out_of_vocabulary_source_and_feed_values_are_refused(engine, table, column) -> None:  # type: ignore[no-untyped-def]
    with write_session(engine) as s:
        sid = add_source(s)
        s.add(Feed(source_id=sid, url="https://press.test/rss"))
    with pytest.raises(exc.IntegrityError, match=f"ck_{table}_{column}"):
        with engine.begin() as conn:
            conn.execute(text(f"UPDATE {table} SET {column} = 'bogus'"))


def test_out_of_vocabulary_event_and_object_values_are_refused(engine) -> None:  # type: ignore[no-untyped-def]
    with write_session(engine) as s:
        sid = add_source(s)
        upsert_articles(s, [make_article(sid, 1)])
        feed = Feed(source_id=sid, url="https://press.test/rss")
        s.add(feed)
        s.flush()
        feed_id = feed.id
        article_id = s.scalar(text("SELECT id FROM articles"))
        s.add(Tag(article_id=article_id, nlp_version="v", is_aict=True, score=0.9))
    # In-vocabulary values, page statuses included, are stored.
    with write_session(engine) as s:
        s.add(FetchEvent(feed_id=feed_id, status=FetchStatus.PAGES_FAILED))
        s.add(TagObject(article_id=article_id, object=ObjectId.TWINNING, score=0.9))
    bad_rows = [
        FetchEvent(feed_id=feed_id, status="pending"),  # a feed status, never an event's
        TagObject(article_id=article_id, object="sport", score=0.5),
        Action(
            natural_key="import:x",
            origin="imported",
            object="sport",
            action_date=dt.date(2026, 11, 2),
        ),
    ]
    for row in bad_rows:
        with pytest.raises(exc.IntegrityError, match="ck_"):
            with write_session(engine) as s:
                s.add(row)
    with engine.connect() as conn:
        assert conn.scalar(select(FetchEvent.status)) == "pages_failed"


def test_upgrade_keeps_rows_and_names_values_to_fix(engine) -> None:  # type: ignore[no-untyped-def]
    """SQLite rebuilds sources and feeds: their rows and the rows that reference them stay."""
    before = ScriptDirectory.from_config(migrate.alembic_config()).get_revision(REVISION)
    migrate.downgrade(engine, before.down_revision)
    with write_session(engine) as s:
        sid = add_source(s)
        upsert_articles(s, [make_article(sid, n) for n in range(4)])
        s.add(Feed(source_id=sid, url="https://press.test/rss", status="ok"))
    counts = (
        "SELECT (SELECT COUNT(*) FROM sources), (SELECT COUNT(*) FROM feeds), "
        "(SELECT COUNT(*) FROM articles)"
    )
    migrate.upgrade(engine)
    with engine.connect() as conn:
        assert tuple(conn.execute(text(counts)).one()) == (1, 1, 4)
    migrate.downgrade(engine, before.down_revision)
    with engine.begin() as conn:
        assert tuple(conn.execute(text(counts)).one()) == (1, 1, 4)
        conn.execute(text("UPDATE feeds SET kind = 'podcast'"))
    with pytest.raises(RuntimeError, match="feeds.kind: 'podcast'"):
        migrate.upgrade(engine)


def _backticked(line: str) -> list[str]:
    return re.findall(r"`([a-z_]+)`", line)


def test_docs_list_the_vocabularies() -> None:
    """docs/sql.md and docs/spec/design.md name the same values as the enums, in their order."""
    root = Path(__file__).resolve().parents[2]
    sql = (root / "docs" / "sql.md").read_text(encoding="utf-8").splitlines()
    health = next(line for line in sql if line.startswith("| `status` | VARCHAR(16)"))
    assert _backticked(health)[1:] == list(values(FeedStatus))
    objects = next(line for line in sql if line.startswith("| objects |"))
    assert _backticked(objects) == list(OBJECT_IDS)
    channels = next(line for line in sql if line.startswith("| channels |"))
    assert _backticked(channels)[2:] == list(values(SourceKind))
    design = (root / "docs" / "spec" / "design.md").read_text(encoding="utf-8")
    paragraph = design.split("A feed's `status` (in `v_source_health`) is one of ")[1]
    feed_part, rest = paragraph.split(". A source's own state is ", 1)
    assert _backticked(feed_part) == list(values(FeedStatus))
    assert _backticked(rest.split(";")[0]) == list(values(SourceStatus))
    pages = rest.split("article-page\nevents, ")[1].split("(")[0]
    assert set(_backticked(pages)) == PAGE_STATUSES

"""``articles.published_date`` (issue 12 item 4): the Paris day of ``published_at``, written with
every article, backfilled by migration 3c9e5d7a1b20, shown as the last column of ``v_articles``,
on both databases."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import text

from storage import migrate
from storage.engine import write_session
from storage.upserts import upsert_articles
from tests.support.data import add_source, make_article

BEFORE = "f29fca1c1d2c"
#: "2026-11-29" as a date-only value: Paris midnight, 23:00 UTC on the 28th.
PARIS_MIDNIGHT = dt.datetime(2026, 11, 28, 23, 0, tzinfo=dt.UTC)


def _days(engine) -> dict[str, str | None]:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT article_id, published_date FROM v_articles")).all()
    return {key: None if day is None else str(day) for key, day in rows}


def test_published_date_is_written_and_shown(engine) -> None:  # type: ignore[no-untyped-def]
    with write_session(engine) as s:
        sid = add_source(s)
        rows = [make_article(sid, 1, published_at=PARIS_MIDNIGHT), make_article(sid, 2)]
        rows.append(make_article(sid, 3, published_at=None))
        upsert_articles(s, rows)
    days = _days(engine)
    assert days[rows[0]["id"]] == "2026-11-29"  # the UTC day would say the 28th
    assert days[rows[1]["id"]] == "2026-11-02"
    assert days[rows[2]["id"]] is None
    # A date found later fills the NULL day with the date; an existing one never moves.
    with write_session(engine) as s:
        late = make_article(sid, 3, published_at=PARIS_MIDNIGHT)
        moved = make_article(sid, 1, published_at=PARIS_MIDNIGHT + dt.timedelta(days=3))
        upsert_articles(s, [late, moved])
    days = _days(engine)
    assert days[rows[2]["id"]] == "2026-11-29"
    assert days[rows[0]["id"]] == "2026-11-29"


def test_upgrade_backfills_published_date(engine) -> None:  # type: ignore[no-untyped-def]
    migrate.downgrade(engine, BEFORE)
    with write_session(engine) as s:
        sid = add_source(s)
        rows = [make_article(sid, n, published_at=PARIS_MIDNIGHT) for n in range(3)]
        rows.append(make_article(sid, 9, published_at=None))
        for row in rows:
            row.pop("published_date")
        upsert_articles(s, rows)
    migrate.upgrade(engine)
    days = _days(engine)
    assert [days[r["id"]] for r in rows] == ["2026-11-29"] * 3 + [None]
    migrate.downgrade(engine, BEFORE)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM articles")).scalar_one() == 4
    migrate.upgrade(engine)
    assert _days(engine) == days

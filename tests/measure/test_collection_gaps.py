"""Collection gaps (issue 13 item 3): the days a source went uncollected in a finished week and
why, read the same way by the report and the digest; a week in progress is not a gap."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from models import Feed, FeedHealthDaily, FetchEvent, Source
from storage import readers
from storage.engine import read_engine, write_session

MONDAY = dt.date(2026, 11, 16)  # 2026-W47


def _fill(engine: Engine) -> None:
    with write_session(engine) as session:
        source = Source(slug="le-mistral", name="Le Mistral", kind="press")
        session.add(source)
        session.flush()
        good = Feed(source_id=source.id, url="http://127.0.0.1/a.xml")
        flaky = Feed(source_id=source.id, url="http://127.0.0.1/b.xml")
        session.add_all([good, flaky])
        session.flush()
        for n in range(7 + 4):  # W47 whole, then Monday–Thursday of W48
            day = MONDAY + dt.timedelta(days=n)
            week = day.strftime("%G-W%V")
            failing = dt.date(2026, 11, 18) <= day <= dt.date(2026, 11, 20)
            session.add(FeedHealthDaily(feed_id=good.id, day=day, week=week, fetches=1,
                                        successes=1, new_items=1))  # fmt: skip
            session.add(FeedHealthDaily(feed_id=flaky.id, day=day, week=week, fetches=1,
                                        successes=0 if failing else 1, new_items=0))  # fmt: skip
            if failing:
                at = dt.datetime.combine(day, dt.time(7, 0), tzinfo=dt.UTC)
                session.add(FetchEvent(feed_id=flaky.id, fetched_at=at, status="error",
                                       http_status=500, error="HTTP 500"))  # fmt: skip


def test_a_finished_week_lists_its_days_without_collection_and_the_reason(engine: Engine) -> None:
    _fill(engine)
    with read_engine(engine).connect() as conn:
        gaps = readers.collection_gaps(conn, ["2026-W47", "2026-W48"], dt.date(2026, 11, 26))
    assert len(gaps) == 1  # W48 is still in progress on Thursday 26: not a gap
    gap = gaps[0]
    assert (gap.week, gap.source_slug, gap.source_name) == ("2026-W47", "le-mistral", "Le Mistral")
    assert gap.days == (dt.date(2026, 11, 18), dt.date(2026, 11, 19), dt.date(2026, 11, 20))
    assert gap.label == (
        "3 jours sans collecte (du 18 au 20 novembre 2026) — le site répond HTTP 500"
    )


def test_a_week_ends_on_its_sunday() -> None:
    assert not readers.finished("2026-W47", dt.date(2026, 11, 22))
    assert readers.finished("2026-W47", dt.date(2026, 11, 23))
    assert not readers.finished("2026-W53", dt.date(2027, 1, 3))  # 2026 has 53 ISO weeks
    assert readers.finished("2026-W53", dt.date(2027, 1, 4))

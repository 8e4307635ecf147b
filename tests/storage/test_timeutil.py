"""Paris weeks and months, including clock changes."""

from __future__ import annotations

import datetime as dt

import pytest

from storage.engine import resolve_url
from storage.timeutil import iso_week, month_of, paris_day, parse_week, week_bounds


def test_week_of_sunday_night_in_paris_is_the_paris_week() -> None:
    # Sunday 23:30 UTC is already Monday 00:30 in Paris (winter time).
    moment = dt.datetime(2026, 11, 22, 23, 30, tzinfo=dt.UTC)
    assert iso_week(moment) == "2026-W48"
    assert month_of(dt.datetime(2026, 10, 31, 23, 30, tzinfo=dt.UTC)) == "2026-11"


@pytest.mark.parametrize(
    ("moment", "day"),
    [
        # A date-only "2026-11-29" is stored as Paris midnight: 23:00 UTC the day before.
        (dt.datetime(2026, 11, 28, 23, 0, tzinfo=dt.UTC), dt.date(2026, 11, 29)),
        (dt.datetime(2026, 7, 14, 22, 0, tzinfo=dt.UTC), dt.date(2026, 7, 15)),  # summer time
        (dt.datetime(2026, 11, 29, 22, 59, tzinfo=dt.UTC), dt.date(2026, 11, 29)),
        (None, None),
    ],
)
def test_paris_day_is_the_paris_calendar_day(moment, day) -> None:  # type: ignore[no-untyped-def]
    assert paris_day(moment) == day


@pytest.mark.parametrize(
    ("week", "hours"), [("2026-W13", 167), ("2026-W43", 169), ("2026-W47", 168)]
)
def test_week_bounds_across_clock_changes(week: str, hours: int) -> None:
    start, end = week_bounds(week)
    assert (end - start) == dt.timedelta(hours=hours)


@pytest.mark.parametrize("bad", ["2026-47", "2026-W54", "W47", ""])
def test_parse_week_refuses_bad_weeks(bad: str) -> None:
    with pytest.raises(ValueError, match="invalid ISO week"):
        parse_week(bad)


def test_postgres_urls_are_rewritten_for_psycopg3() -> None:
    assert resolve_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert resolve_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert resolve_url("sqlite:///x.db") == "sqlite:///x.db"

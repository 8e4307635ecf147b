"""Dates (B4, P-D3): French formats, naive = Europe/Paris, unparseable → None, never invented."""

from __future__ import annotations

import datetime as dt

import pytest

from crawlers.dates import first_date, parse_date

NOW = dt.datetime(2026, 11, 26, 12, 0, tzinfo=dt.UTC)
UTC = dt.UTC


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("mar., 12 mars 2024", dt.datetime(2024, 3, 11, 23, 0, tzinfo=UTC)),
        ("12/03/2024", dt.datetime(2024, 3, 11, 23, 0, tzinfo=UTC)),
        ("12 mars 2024 à 14h30", dt.datetime(2024, 3, 12, 13, 30, tzinfo=UTC)),
        ("2024-03-12 10:00:00", dt.datetime(2024, 3, 12, 9, 0, tzinfo=UTC)),  # naive: Paris
        ("2024-07-12 10:00:00", dt.datetime(2024, 7, 12, 8, 0, tzinfo=UTC)),  # summer time
        ("Tue, 12 Mar 2024 10:00:00 CET", dt.datetime(2024, 3, 12, 9, 0, tzinfo=UTC)),
        ("Tue, 12 Mar 2024 10:00:00 +0000", dt.datetime(2024, 3, 12, 10, 0, tzinfo=UTC)),
        ("2024-03-12T10:00:00Z", dt.datetime(2024, 3, 12, 10, 0, tzinfo=UTC)),
        ("2024-07-01T10:00:00+02:00", dt.datetime(2024, 7, 1, 8, 0, tzinfo=UTC)),
        ("2024-03-31T02:30", dt.datetime(2024, 3, 31, 1, 30, tzinfo=UTC)),  # DST gap, no crash
    ],
)
def test_parsed_to_utc(raw: str, expected: dt.datetime) -> None:
    assert parse_date(raw, now=NOW) == expected


@pytest.mark.parametrize(
    "raw", ["", "   ", "n'importe quoi", "hier soir peut-être", "2099-01-01", "1850-01-01"]
)
def test_unparseable_or_implausible_is_none(raw: str) -> None:
    assert parse_date(raw, now=NOW) is None


def test_first_date_takes_the_first_that_parses() -> None:
    assert first_date(None, "bof", "12/03/2024", now=NOW) == dt.datetime(
        2024, 3, 11, 23, tzinfo=UTC
    )
    assert first_date(None, "", now=NOW) is None

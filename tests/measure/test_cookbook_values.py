"""Every cookbook query (docs/sql-cookbook.md) returns the hand-computed rows, on SQLite and on
PostgreSQL, through the officers' read-only path (``aict sql``) and through the driver (psql).

The scenario and its tables of items are in tests/measure/cookbook_scenario.py; each expected
row below says how it follows from them. Values are compared after the normalisation design.md
allows between the databases: booleans as 0/1, timestamps as UTC text, dates as ISO text,
numbers (float or Decimal) as floats rounded to 6 decimals.
"""

from __future__ import annotations

import datetime as dt
import decimal
import re

from sqlalchemy import Engine

from storage.officer import run_query
from tests.measure.cookbook_scenario import build
from tests.measure.test_cookbook import cookbook_queries


def _norm(value):  # type: ignore[no-untyped-def]
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float | decimal.Decimal):
        return round(float(value), 6)
    return value


def _normalised(rows) -> list[tuple]:  # type: ignore[no-untyped-def]
    return [tuple(_norm(v) for v in row) for row in rows]


def expected(ids: dict[str, str]) -> list[list[tuple]]:
    """The answer of each of the first ten queries, in the queries' own ORDER BY (the registers
    questions are checked in tests/measure/test_registers_views.py)."""
    c2_title = "Ouahigouya : une exposition des lycéens"
    return [
        # Q1 — Chambéry's unrelayed items naming BF since 2026-01-01: C2 only (C1 is relayed by
        # D1, C0 is from 2025, C4 names SN, A2 is Annecy's); one row per object, sorted.
        [
            (ids["C2"], "2026-10-12 08:00:00", c2_title, "citizenship"),
            (ids["C2"], "2026-10-12 08:00:00", c2_title, "twinning"),
        ],
        # Q2 — Chambéry's relayed items: C1 (le-dauphine via D1, le-progres via the copy P1;
        # lag 5 -> 8 Oct = 3) and C3 (le-dauphine via D3; lag 19 -> 20 Oct = 1). le-dauphine:
        # 2 items, mean (3 + 1) / 2 = 2.0, min 1, max 3; le-progres: C1 only. A1 (Annecy,
        # relayed by D5) is another council's.
        [("le-dauphine", 2, 2.0, 1, 3), ("le-progres", 1, 3.0, 3, 3)],
        # Q3 — countries named by councils in 2026 but by no press article: SN (C4 and A2: 2
        # actions) and ML (A2: 1). BF has D1 and D6, MA has D3, JP has D5 and P7.
        [("SN", "Sénégal", 1, "Afrique", 2, 0), ("ML", "Mali", 1, "Afrique", 1, 0)],
        # Q4 — October: council AICT items C1 C2 C3 A1 A2 (5): cooperation C1 = 1/5, emergency
        # C3 A2 = 2/5; press items D1 (P1 is its copy: once) D5 D3 (3): cooperation D1 = 1/3,
        # emergency D3 = 1/3. November: council C4 alone (cooperation 1/1); press P7 and D6
        # (2): cooperation D6 = 1/2. C0 (December 2025) is before the period.
        [
            ("2026-10", "cooperation", "council", 1, 0.2),
            ("2026-10", "cooperation", "press", 1, 0.333),
            ("2026-10", "emergency", "council", 2, 0.4),
            ("2026-10", "emergency", "press", 1, 0.333),
            ("2026-11", "cooperation", "council", 1, 1.0),
            ("2026-11", "cooperation", "press", 1, 0.5),
        ],
        # Q5 — source-weeks of 2026 that are not complete, newest first. Only le-dauphine has
        # daily health: W41 and W42 fully fetched (complete), W43 only 19-23 Oct and W46 none
        # (gaps). Every other source-week with articles has no health at all: a gap. W43
        # le-progres holds N2 only (1 article, 0 AICT). C0's week 2025-W51 is before W01.
        [
            ("2026-W46", "le-dauphine", 1, 1),  # D6
            ("2026-W45", "le-progres", 1, 1),  # P7
            ("2026-W45", "ville-de-chambery", 1, 1),  # C4
            ("2026-W43", "le-dauphine", 1, 1),  # D3
            ("2026-W43", "le-progres", 1, 0),  # N2
            ("2026-W43", "ville-de-chambery", 1, 1),  # C3
            ("2026-W42", "ville-d-annecy", 1, 1),  # A2
            ("2026-W42", "ville-de-chambery", 1, 1),  # C2
            ("2026-W41", "le-progres", 1, 1),  # P1
            ("2026-W41", "ville-d-annecy", 1, 1),  # A1
            ("2026-W41", "ville-de-chambery", 1, 1),  # C1
        ],
        # Q6 — 2026 only. LDCs: BF (council C1 C2, press D1 D6), SN (C4 A2, none), ML (A2,
        # none): 3 countries, 5 actions, 2 articles, 2/5 = 0.4 article per action. Others: MA
        # (C3, D3), JP (A1, D5 P7): 2 countries, 2 actions, 3 articles, 3/2 = 1.5. (Integer
        # division gave 0 and 1 on SQLite: issue 13.)
        [("PMA", 3, 5, 2, 0.4), ("autres pays", 2, 2, 3, 1.5)],
        # Q7 — Chambéry's silent actions, oldest first, silent up to 16 Nov 2026: C0 (15 Dec
        # 2025: 17 + 319 = 336 days), the imported Hué partnership (since 1 Mar 2026, within
        # the year: 260 days), C2 per object (12 Oct: 35 days), C4 (2 Nov: 14 days). The
        # imported Ouahigouya twinning is covered by D1/P1 (Chambéry and BF within the year).
        [
            ("2025-12-15", "cooperation", "Ouahigouya", "BF", "council_item", 336),
            ("2026-03-01", "cooperation", "Hué", "VN", "imported", 260),
            ("2026-10-12", "citizenship", "Ouahigouya", "BF", "council_item", 35),
            ("2026-10-12", "twinning", "Ouahigouya", "BF", "council_item", 35),
            ("2026-11-02", "cooperation", "Dakar", "SN", "council_item", 14),
        ],
        # Q8 — every source-week from W40: W41 le-dauphine has D1 D5 (AICT) and N1: 2/3 =
        # 0.6667, complete, audience 200,000; W42 le-dauphine was fetched daily but published
        # nothing: share NULL, complete (a true zero); the rest as in Q5.
        [
            ("2026-W41", "le-dauphine", 3, 2, 0.6667, 200000, "complète"),
            ("2026-W41", "le-progres", 1, 1, 1.0, None, "trou de collecte"),
            ("2026-W41", "ville-d-annecy", 1, 1, 1.0, None, "trou de collecte"),
            ("2026-W41", "ville-de-chambery", 1, 1, 1.0, None, "trou de collecte"),
            ("2026-W42", "le-dauphine", 0, 0, None, 200000, "complète"),
            ("2026-W42", "ville-d-annecy", 1, 1, 1.0, None, "trou de collecte"),
            ("2026-W42", "ville-de-chambery", 1, 1, 1.0, None, "trou de collecte"),
            ("2026-W43", "le-dauphine", 1, 1, 1.0, 200000, "trou de collecte"),
            ("2026-W43", "le-progres", 1, 0, 0.0, None, "trou de collecte"),
            ("2026-W43", "ville-de-chambery", 1, 1, 1.0, None, "trou de collecte"),
            ("2026-W45", "le-progres", 1, 1, 1.0, None, "trou de collecte"),
            ("2026-W45", "ville-de-chambery", 1, 1, 1.0, None, "trou de collecte"),
            ("2026-W46", "le-dauphine", 1, 1, 1.0, 200000, "trou de collecte"),
        ],
        # Q9 — 2026 items per object: cooperation council C1 C4 / press D1 (+copy once) D6;
        # emergency C3 A2 / D3; citizenship C2 / none; delegation A1 / D5; twinning C2 / P7.
        [
            ("cooperation", 2, 2),
            ("emergency", 2, 1),
            ("citizenship", 1, 0),
            ("delegation", 1, 1),
            ("twinning", 1, 1),
        ],
        # Q10 — le-progres in error (1.5 weighted failures) first, then at 0 failures l-essor
        # (source switched off: 'disabled') and ville-de-chambery (never fetched: 'pending').
        # le-dauphine (ok, 0 failures, a success) is healthy.
        [
            (
                "le-progres",
                "https://lp.example/rss",
                "error",
                1.5,
                "2026-10-20 06:00:00",
                "HTTP 503",
            ),
            ("l-essor", "https://le.example/rss", "disabled", 0.0, "2026-09-30 06:00:00", None),
            ("ville-de-chambery", "https://chambery.example/actus", "pending", 0.0, None, None),
        ],
    ]


def _driver_rows(engine: Engine, queries: list[str]) -> list[list[tuple]]:
    """The queries as psql or the sqlite3 shell would send them, in a read-only transaction."""
    out = []
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            conn.exec_driver_sql("SET TRANSACTION READ ONLY")
        for query in queries:
            sent = query.replace("%", "%%") if engine.dialect.name == "postgresql" else query
            out.append(list(conn.exec_driver_sql(sent)))
        conn.rollback()
    return out


def test_cookbook_answers_by_value(engine, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ids = build(engine, tmp_path)
    queries = cookbook_queries()[:10]
    want = expected(ids)
    assert len(want) == 10
    officer = [run_query(engine, q).rows for q in queries]
    driver = _driver_rows(engine, queries)
    for number, (rows, raw, rows_expected) in enumerate(zip(officer, driver, want, strict=True), 1):
        assert _normalised(rows) == rows_expected, f"cookbook query {number} (aict sql)"
        assert _normalised(raw) == rows_expected, f"cookbook query {number} (driver)"


_STRING = re.compile(r"'(?:[^']|'')*'")


def test_cookbook_divisions_are_fractional() -> None:
    """Each division of the cookbook multiplies its numerator by 1.0 first (docs/sql.md,
    "Dividing portably"): SQLite divides two integers as integers, CAST AS NUMERIC or not."""
    for number, query in enumerate(cookbook_queries(), 1):
        code = _STRING.sub("''", query)
        assert code.count("/") == code.count("1.0 *"), f"cookbook query {number}"

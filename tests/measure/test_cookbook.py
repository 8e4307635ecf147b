"""Every SQL block of docs/sql-cookbook.md runs unchanged, read-only, on SQLite and PostgreSQL.

The cookbook is the officers' entry point: a query that works on one database only, or that the
read-only path refuses, is a documentation bug. The queries run on the hand-computed scenario
(tests/measure/scenario.py) after ``run_measure``, through :func:`storage.officer.run_query`.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from measure.run import run_measure
from storage.officer import run_query
from tests.measure.scenario import AS_OF, add_health, build

COOKBOOK = Path(__file__).resolve().parents[2] / "docs" / "sql-cookbook.md"
_SQL_BLOCK = re.compile(r"^```sql\n(.*?)^```", re.DOTALL | re.MULTILINE)


def cookbook_queries(path: Path = COOKBOOK) -> list[str]:
    """The ```sql blocks of the cookbook, in order."""
    return [block.strip() for block in _SQL_BLOCK.findall(path.read_text(encoding="utf-8"))]


def test_cookbook_has_one_query_per_question() -> None:
    queries = cookbook_queries()
    questions = re.findall(r"^## \d+\. ", COOKBOOK.read_text(encoding="utf-8"), re.MULTILINE)
    assert len(queries) == len(questions) >= 12
    assert all(q.upper().startswith(("SELECT", "WITH")) for q in queries)


def _scenario(engine) -> None:  # type: ignore[no-untyped-def]
    build(engine)
    # A complete first week for le-dauphine, then nothing: later weeks are collection gaps.
    add_health(engine, [dt.date(2026, 10, 5) + dt.timedelta(days=d) for d in range(7)])
    run_measure(engine, AS_OF)


def _check(rows: list[list[tuple]]) -> None:
    """What the scenario's hand-computed figures say each question must answer."""
    # Q1: items 2 and 4 (Burkina Faso, Chambéry) were never relayed.
    assert {row[2] for row in rows[0]} == {"Ouahigouya : action 2", "Ouahigouya : action 4"}
    # Q2: le-dauphine relayed items 1 (3 days) and 3 (10 days); le-progres carried the copy.
    by_outlet = {row[0]: row[1:] for row in rows[1]}
    assert by_outlet["le-dauphine"][0] == 2
    assert float(by_outlet["le-dauphine"][1]) == pytest.approx(6.5)
    assert by_outlet["le-progres"][0] == 1
    # Q3: Burkina Faso gets press, Japan has no council action: no silent country here.
    assert rows[2] == []
    # Q4: October, cooperation: 4 council items and 2 press items (the copy once).
    assert ("2026-10", "cooperation", "council", 4) in {tuple(r[:4]) for r in rows[3]}
    # Q5 and Q8: the week of 5 October is complete, later weeks of le-dauphine are gaps.
    gaps = {(row[0], row[1]) for row in rows[4]}
    assert ("2026-W41", "le-dauphine") not in gaps
    assert ("2026-W44", "le-dauphine") in gaps
    labels = {(row[0], row[1]): row[6] for row in rows[7]}
    assert labels[("2026-W41", "le-dauphine")] == "complète"
    assert labels[("2026-W44", "le-dauphine")] == "trou de collecte"
    # Q6: one LDC partner (Burkina Faso) with 4 actions; Japan is named by the press only.
    groups = {row[0]: row[1:4] for row in rows[5]}
    assert tuple(groups["PMA"]) == (1, 4, 2)
    # Q7: the two silent actions, oldest first.
    assert [str(row[0]) for row in rows[6]] == ["2026-10-12", "2026-10-26"]
    # Q9: four council items and two press items (the syndicated copy once) on cooperation.
    mix = {row[0]: (row[1], row[2]) for row in rows[8]}
    assert mix["cooperation"] == (4, 2)
    # Q10: the Dauphiné feed never reported a status (pending).
    assert [row[0] for row in rows[9]] == ["le-dauphine"]


def test_cookbook_queries_run_read_only(engine) -> None:  # type: ignore[no-untyped-def]
    _scenario(engine)
    results = [run_query(engine, query) for query in cookbook_queries()]
    for result in results:
        assert result.columns and not result.truncated
    _check([r.rows for r in results])


def test_cookbook_sql_is_portable(engine) -> None:  # type: ignore[no-untyped-def]
    """The same text on both databases, in a read-only transaction (the driver's own path)."""
    _scenario(engine)
    rows = []
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            conn.exec_driver_sql("SET TRANSACTION READ ONLY")
        for query in cookbook_queries():
            # exec_driver_sql always passes a parameter list: '%%' is how a literal '%'
            # reaches the server through psycopg (sqlite3 has no such escaping).
            sent = query.replace("%", "%%") if engine.dialect.name == "postgresql" else query
            rows.append([tuple(r) for r in conn.exec_driver_sql(sent)])
        conn.rollback()
    _check(rows)

"""The same data gives the same view results on SQLite and PostgreSQL (after normalising
booleans to 0/1, timestamps to UTC text and floats to 6 decimals, as design.md allows)."""

from __future__ import annotations

import datetime as dt
import decimal
import sqlite3
import uuid

from sqlalchemy import text

from measure.run import run_measure
from storage.engine import make_engine
from storage.views import VIEW_NAMES
from tests.conftest import create_pg_database, drop_pg_database
from tests.measure.scenario import AS_OF, add_health, build

#: Columns that are surrogate ids (their values depend on insertion order, not on the data).
SURROGATE = {"action_id"}


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


def _dump(engine) -> dict[str, list[tuple]]:  # type: ignore[no-untyped-def]
    out = {}
    with engine.connect() as conn:
        for view in VIEW_NAMES:
            result = conn.execute(text(f"SELECT * FROM {view}"))
            keep = [i for i, c in enumerate(result.keys()) if c not in SURROGATE]
            rows = [tuple(_norm(r[i]) for i in keep) for r in result]
            out[view] = sorted(rows, key=repr)
    return out


def test_views_agree_across_databases(sqlite_template, pg_template, tmp_path, run_id) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "x.db"
    with sqlite3.connect(sqlite_template) as src, sqlite3.connect(path) as dst:
        src.backup(dst)
    name = f"aict_x_{run_id}_{uuid.uuid4().hex[:6]}"
    pg_url = create_pg_database(name, template=pg_template)
    try:
        dumps = []
        for url in (f"sqlite:///{path}", pg_url):
            engine = make_engine(url)
            build(engine)
            add_health(engine, [dt.date(2026, 10, 5) + dt.timedelta(days=d) for d in range(9)])
            run_measure(engine, AS_OF)
            dumps.append(_dump(engine))
            engine.dispose()
        sqlite_dump, pg_dump = dumps
        for view in VIEW_NAMES:
            assert sqlite_dump[view] == pg_dump[view], view
        assert sqlite_dump["v_relay"] and sqlite_dump["v_weekly_coverage"]
    finally:
        drop_pg_database(name)

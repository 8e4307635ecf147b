"""`aict jobs prune`: remove the crawl job directories nothing has touched for a week.

The DAG crawl tasks keep one job directory per task instance under a root (``AICT_JOBS_DIR``,
else ``$AIRFLOW_HOME/aict-jobs``), so a retry resumes its crawl; the maintenance DAG runs this
command nightly, and an operator can run it by hand (:func:`crawlers.jobdir.prune_jobdirs`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from cli.app import app, count, errors_as_one_line, fail, parse_moment
from crawlers.jobdir import KEEP_JOB_DAYS

jobs_app = typer.Typer(help="Crawl job directories: pruning.")
app.add_typer(jobs_app, name="jobs")


@jobs_app.command("prune")
def prune_cmd(
    root: Annotated[
        Path | None,
        typer.Option(
            help="Root of the job directories (default AICT_JOBS_DIR, else "
            "$AIRFLOW_HOME/aict-jobs, else ./aict-jobs)."
        ),
    ] = None,
    days: Annotated[
        int, typer.Option(help="Keep what changed in the last DAYS days.")
    ] = KEEP_JOB_DAYS,
    at: Annotated[
        str | None,
        typer.Option("--at", help="Moment the days count back from, ISO 8601 with a UTC offset."),
    ] = None,
) -> None:
    """Remove run directories (ROOT/DAG/RUN) idle for DAYS days; a crawl's locked one stays."""
    from crawlers.jobdir import jobs_root, prune_jobdirs

    if days < 1:
        raise fail(f"--days {days}: keep at least 1 day")
    moment = parse_moment("--at", at) if at is not None else dt.datetime.now(dt.UTC)
    where = root if root is not None else jobs_root()
    if where.exists() and (where.is_symlink() or not where.is_dir()):
        raise fail(f"{where} is not a directory")
    with errors_as_one_line():
        removed = prune_jobdirs(where, moment, days)
    for path in removed:
        typer.echo(f"removed {path}")
    typer.echo(f"{count(len(removed), 'run directory', 'run directories')} removed under {where}")

"""`aict db …` and `aict sql`: database administration and officers' read-only access.

`aict db grant-officer` and `aict sql` serve communication officers; `aict db retention`,
`aict db vacuum` and `aict db backup` are the nightly housekeeping (:mod:`storage.maintenance`),
run by the maintenance DAG like every other task and by hand without Airflow.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from cli.app import DbOption, app, count, errors_as_one_line, fail, parse_moment

db_app = typer.Typer(help="Database administration: officer roles, retention, VACUUM, backup.")
app.add_typer(db_app, name="db")


@db_app.command("grant-officer")
def grant_officer_cmd(
    name: Annotated[str, typer.Argument(help="Role name (lower-case identifier).")],
    db: DbOption = None,
    statement_timeout: Annotated[str, typer.Option(help="Per-statement limit.")] = "30s",
) -> None:
    """PostgreSQL role with SELECT on the officer views only (idempotent)."""
    from storage.engine import make_engine
    from storage.officer import OfficerLimits, grant_officer

    with errors_as_one_line():
        engine = make_engine(db)
        try:
            grant_officer(engine, name, OfficerLimits(statement_timeout=statement_timeout))
        finally:
            engine.dispose()
    typer.echo(f"role {name}: SELECT on the officer views, statement_timeout {statement_timeout}")


@db_app.command("retention")
def retention_cmd(
    db: DbOption = None,
    at: Annotated[
        str | None,
        typer.Option(
            "--at",
            help="Cut-off moment, ISO 8601 with a UTC offset (default now): raw HTML older "
            "than 90 days before it goes; rerunning with the same moment deletes nothing more.",
        ),
    ] = None,
) -> None:
    """Keep the last 30 fetch events per feed and 90 days of raw HTML (articles are kept)."""
    import datetime as dt

    from storage.engine import open_initialised
    from storage.maintenance import apply_retention

    moment = parse_moment("--at", at) if at is not None else dt.datetime.now(dt.UTC)
    with errors_as_one_line():
        engine = open_initialised(db)
        try:
            report = apply_retention(engine, moment)
        finally:
            engine.dispose()
    events = count(report.fetch_events_deleted, "fetch event")
    pages = count(report.raw_pages_deleted, "raw page")
    typer.echo(f"retention as of {moment:%Y-%m-%d %H:%M} UTC: deleted {events}, {pages}")


@db_app.command("vacuum")
def vacuum_cmd(db: DbOption = None) -> None:
    """Reclaim space and refresh the planner's statistics (VACUUM, then ANALYZE)."""
    from storage.engine import open_initialised
    from storage.maintenance import vacuum_analyze

    with errors_as_one_line():
        engine = open_initialised(db)
        try:
            vacuum_analyze(engine)
        finally:
            engine.dispose()
    typer.echo("VACUUM and ANALYZE done")


@db_app.command("backup")
def backup_cmd(
    directory: Annotated[
        Path | None,
        typer.Argument(
            metavar="DIR",
            help="Where the copy goes (default AICT_BACKUP_DIR, else $AIRFLOW_HOME/backups, "
            "else ./backups).",
        ),
    ] = None,
    db: DbOption = None,
    date: Annotated[
        str | None,
        typer.Option(help="Date in the copy's name, YYYY-MM-DD (default today, Paris)."),
    ] = None,
) -> None:
    """Online copy of a SQLite database, checked with integrity_check (PostgreSQL: pg_dump)."""
    from cli.measure import parse_as_of
    from storage.engine import resolve_url
    from storage.maintenance import BackupError, backup_dir, backup_sqlite, sqlite_path

    stamp = parse_as_of(date).isoformat()
    source = sqlite_path(resolve_url(db))
    if source is None:
        raise fail("aict db backup copies SQLite databases: back PostgreSQL up with pg_dump")
    with errors_as_one_line():
        try:
            target = backup_sqlite(source, directory or backup_dir(), stamp)
        except BackupError as exc:
            raise fail(str(exc)) from None
    typer.echo(f"backup {target} (integrity_check ok)")


@app.command()
def sql(
    query: Annotated[
        str | None, typer.Argument(help="One SELECT; omit for an interactive session.")
    ] = None,
    db: DbOption = None,
    fmt: Annotated[str, typer.Option("--format", help="table or csv.")] = "table",
    expanded: Annotated[
        bool, typer.Option("--expanded", "-x", help="One field per line (like psql's \\x).")
    ] = False,
) -> None:
    """Read-only SQL for officers (writes and ATTACH refused, 10,000 rows at most)."""
    from cli.sqlshell import Display, Session, history_path, interactive
    from storage.engine import open_initialised
    from storage.officer import QueryError, WriteRefused, run_query

    if fmt not in ("table", "csv"):
        raise fail(f"invalid --format {fmt!r}: use table or csv")
    with errors_as_one_line():
        engine = open_initialised(db)
        try:
            if query is not None:
                display = Display(fmt, "on" if expanded else "off")
                try:
                    display.show(run_query(engine, query))
                except WriteRefused as exc:
                    raise fail(str(exc)) from None
                except QueryError as exc:
                    raise fail(f"refused or failed: {exc}") from None
                return
            on_terminal = sys.stdin.isatty() and sys.stdout.isatty()
            display = Display(fmt, "on" if expanded else ("auto" if on_terminal else "off"))
            session = Session(engine, display, lambda line: typer.echo(line, err=True))
            if on_terminal:
                interactive(session, history_path())
            else:
                session.feed(sys.stdin)
        finally:
            engine.dispose()

"""`aict db grant-officer` and `aict sql`: read-only access for communication officers."""

from __future__ import annotations

import csv
import sys
from typing import Annotated

import typer

from cli.app import DbOption, app, errors_as_one_line, fail

db_app = typer.Typer(help="Database administration: officer roles.")
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


def _print(result, fmt: str) -> None:  # type: ignore[no-untyped-def]
    if fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows(result.rows)
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(*result.columns)
        for row in result.rows:
            table.add_row(*["" if v is None else str(v) for v in row])
        Console().print(table)
    if result.truncated:
        typer.echo("(truncated at 10,000 rows)", err=True)


@app.command()
def sql(
    query: Annotated[
        str | None, typer.Argument(help="One SELECT; omit for an interactive prompt.")
    ] = None,
    db: DbOption = None,
    fmt: Annotated[str, typer.Option("--format", help="table or csv.")] = "table",
) -> None:
    """Read-only SQL for officers (writes and ATTACH refused, 10,000 rows at most)."""
    from sqlalchemy.exc import DBAPIError

    from storage.engine import open_initialised
    from storage.officer import run_query

    if fmt not in ("table", "csv"):
        raise fail(f"invalid --format {fmt!r}: use table or csv")
    with errors_as_one_line():
        engine = open_initialised(db)
        try:
            if query is not None:
                _run_one(engine, query, fmt)
                return
            typer.echo("Read-only SQL; end statements with ';', Ctrl+D to quit.", err=True)
            buffer = ""
            for line in sys.stdin:
                buffer += line
                if buffer.rstrip().endswith(";"):
                    try:
                        _print(run_query(engine, buffer.strip().rstrip(";")), fmt)
                    except (DBAPIError, ValueError) as exc:
                        typer.echo(
                            f"error: {str(getattr(exc, 'orig', exc)).splitlines()[0]}", err=True
                        )
                    buffer = ""
        finally:
            engine.dispose()


def _run_one(engine, query: str, fmt: str) -> None:  # type: ignore[no-untyped-def]
    import sqlite3

    from sqlalchemy.exc import DBAPIError

    from storage.officer import run_query

    try:
        _print(run_query(engine, query), fmt)
    except sqlite3.DatabaseError as exc:
        raise fail(f"refused or failed: {exc}") from None
    except DBAPIError as exc:
        raise fail(f"refused or failed: {str(exc.orig).splitlines()[0]}") from None

"""`aict db grant-officer` and `aict sql`: read-only access for communication officers."""

from __future__ import annotations

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

"""`aict measure` and `aict actions import`."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from cli.app import DbOption, app, count, errors_as_one_line, fail

actions_app = typer.Typer(help="The action register: known partnerships and actions.")
app.add_typer(actions_app, name="actions")

AsOfOption = Annotated[
    str | None,
    typer.Option("--as-of", help="Measure as of this date (YYYY-MM-DD; default today, Paris)."),
]


def parse_as_of(value: str | None) -> dt.date:
    """``--as-of``, else ``AICT_AS_OF``, else today in Paris."""
    from storage.timeutil import paris_today

    if value is None:
        return paris_today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise fail(f"invalid date {value!r}: expected YYYY-MM-DD") from None


@app.command()
def measure(db: DbOption = None, as_of: AsOfOption = None) -> None:
    """Link council AICT items to press relays and update the action register as of a date."""
    from measure.run import run_measure
    from storage.engine import open_initialised

    day = parse_as_of(as_of)
    with errors_as_one_line():
        engine = open_initialised(db)
        try:
            report = run_measure(engine, day)
        finally:
            engine.dispose()
    rate = f"{report.relayed / report.council_items:.0%}" if report.council_items else "n/a"
    typer.echo(
        f"measured as of {report.as_of}: {count(report.council_items, 'council AICT item')}, "
        f"{report.relayed:,} relayed ({rate}), {count(report.press_items, 'press AICT article')}, "
        f"{count(report.silent, 'silent action')}"
    )


@actions_app.command("import")
def actions_import(
    file: Annotated[
        str, typer.Argument(help="CSV: actor_code,partner,country_iso2,object,since,note")
    ],
    db: DbOption = None,
) -> None:
    """Import known partnerships / actions (all rows or none)."""
    from measure.actions_import import import_actions
    from storage.engine import make_engine

    with errors_as_one_line():
        engine = make_engine(db)
        try:
            imported = import_actions(engine, file)
        finally:
            engine.dispose()
    typer.echo(f"imported {count(imported, 'action')}")


@app.command()
def report(
    db: DbOption = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since", help="Start of the period (YYYY-MM-DD; default 12 weeks before as_of)."
        ),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="table, csv or json.")] = "table",
    plots: Annotated[
        str | None, typer.Option("--plots", help="Write PNG charts to this folder.")
    ] = None,
) -> None:
    """Print what the officer views say over a period; optionally write the charts."""
    from pathlib import Path

    from measure.render import print_tables, to_csv, to_json, write_charts
    from measure.report import build_report
    from storage.engine import open_initialised
    from storage.timeutil import paris_today

    if fmt not in ("table", "csv", "json"):
        raise fail(f"invalid --format {fmt!r}: use table, csv or json")
    start = parse_as_of(since) if since else paris_today() - dt.timedelta(weeks=12)
    with errors_as_one_line():
        engine = open_initialised(db)
        try:
            result = build_report(engine, start)
        finally:
            engine.dispose()
        if fmt == "table":
            print_tables(result)
        else:
            typer.echo(to_csv(result) if fmt == "csv" else to_json(result), nl=False)
        if plots:
            for path in write_charts(result, Path(plots)):
                typer.echo(f"chart: {path}", err=fmt != "table")

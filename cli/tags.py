"""`aict tags correct FILE.csv` and `aict tags corrections`: people correct the tagger.

A correction file is validated whole against the database; any problem prints one
``FILE, line N: …`` line per problem on stderr, exits 1 and stores nothing. Stored corrections
are laid over the tags at once and after every later tagging (``storage.corrections``); the
latest measure is run again so relays, silent actions and weekly figures agree with them.
"""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING, Annotated, Any

import typer

from cli.app import DbOption, app, errors_as_one_line, fail

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from storage.corrections import Listed

tags_app = typer.Typer(help="Corrections of the tagger by people: store them, list them.")
app.add_typer(tags_app, name="tags")

LIST_COLUMNS = (
    "id",
    "article_id",
    "source_slug",
    "is_aict",
    "objects",
    "partner_countries",
    "actor_codes",
    "by",
    "at",
    "in_force",
    "note",
    "url",
)


@tags_app.command("correct")
def correct(
    file: Annotated[
        str,
        typer.Argument(
            help="CSV: article (id or URL),is_aict,objects,partner_countries,actor_codes,note,by"
        ),
    ],
    db: DbOption = None,
    measure: Annotated[
        bool,
        typer.Option(
            "--measure/--no-measure",
            help="Run the latest measure again so every view agrees (default: yes).",
        ),
    ] = True,
) -> None:
    """Store corrections of articles' tags (all rows or none); they win over every re-tag."""
    from storage.corrections import CorrectionErrors, store_corrections
    from storage.engine import open_initialised, write_session

    with errors_as_one_line():
        engine = open_initialised(db)
        try:
            try:
                with write_session(engine) as session:
                    run = store_corrections(session, file)
            except CorrectionErrors as exc:
                for line in exc.lines:
                    typer.echo(line, err=True)
                raise fail(str(exc)) from None
            typer.echo(
                f"stored {run.stored} correction{'s' if run.stored != 1 else ''}"
                + (f" ({run.unchanged} unchanged)" if run.unchanged else "")
            )
            if not (measure and run.stored):
                return
            _measure_again(engine)
        finally:
            engine.dispose()


def _measure_again(engine: Engine) -> None:
    """The latest measure run again, so that every view counts the corrected values."""
    from sqlalchemy import func, select

    from models import MeasureRun

    with engine.connect() as conn:
        as_of = conn.scalar(select(func.max(MeasureRun.as_of)))
    if as_of is None:
        typer.echo("no measure yet: `aict measure` will count the corrected values")
        return
    from measure.run import run_measure

    run_measure(engine, as_of)
    typer.echo(f"measured again as of {as_of}: views, report and digest use them")


@tags_app.command("corrections")
def corrections(
    db: DbOption = None,
    history: Annotated[
        bool, typer.Option("--all", help="Every version, not only the corrections in force.")
    ] = False,
    fmt: Annotated[str, typer.Option("--format", help="table, csv or json.")] = "table",
) -> None:
    """List the corrections in force (oldest first), with who made them and when."""
    from storage.corrections import list_corrections
    from storage.engine import open_initialised, read_engine, session_factory

    if fmt not in ("table", "csv", "json"):
        raise fail(f"invalid --format {fmt!r}: use table, csv or json")
    with errors_as_one_line():
        engine = open_initialised(db)
        try:
            with session_factory(read_engine(engine))() as session:
                listed = list_corrections(session, history=history)
        finally:
            engine.dispose()
    rows = _listed_rows(listed)
    if fmt == "json":
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=LIST_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        typer.echo(out.getvalue(), nl=False)
        return
    if not rows:
        typer.echo("no corrections")
        return
    _print_table(rows, history)


def _listed_rows(listed: list[Listed]) -> list[dict[str, Any]]:
    return [
        {
            "id": c.id,
            "article_id": c.article_id,
            "source_slug": c.source_slug,
            "is_aict": c.is_aict,
            "objects": c.objects,
            "partner_countries": c.partner_countries,
            "actor_codes": c.actor_codes,
            "by": c.by,
            "at": c.at.strftime("%Y-%m-%d %H:%M:%S"),
            "in_force": c.in_force,
            "note": c.note or "",
            "url": c.url,
        }
        for c in listed
    ]


def _print_table(rows: list[dict[str, Any]], history: bool) -> None:
    """The corrections as aligned columns (``in_force`` only with --all; never the URL)."""
    shown = [c for c in LIST_COLUMNS if c != "url" and (history or c != "in_force")]
    cells = [[_cell(r[c]) for c in shown] for r in rows]
    widths = [max(len(h), *(len(row[i]) for row in cells)) for i, h in enumerate(shown)]
    typer.echo("  ".join(h.ljust(w) for h, w in zip(shown, widths, strict=True)).rstrip())
    for row in cells:
        typer.echo("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())
    typer.echo(f"{len(rows)} correction{'s' if len(rows) != 1 else ''}")


def _cell(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return " ".join(str(value).split())

"""`aict registers import atlas|apd|budgets FILE [--year YYYY]`: public registers, all rows or none."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from cli.app import EXIT_ERROR, DbOption, app, count, errors_as_one_line

if TYPE_CHECKING:
    from storage.registers import ImportResult

registers_app = typer.Typer(
    help="Public registers: Atlas of decentralised cooperation, APD declarations, budgets."
)
app.add_typer(registers_app, name="registers")


@registers_app.command("import")
def registers_import(
    register: Annotated[str, typer.Argument(help="atlas, apd or budgets.")],
    file: Annotated[
        str, typer.Argument(help="The register file: CSV (any delimiter, UTF-8 or cp1252) or XLSX.")
    ],
    year: Annotated[
        int | None,
        typer.Option("--year", help="The register's year (else the file's year column or name)."),
    ] = None,
    unresolved: Annotated[
        str | None,
        typer.Option(
            "--unresolved", help="Write the rows whose collectivité is unknown to this CSV."
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Import a register file in its published layout (storage/registers/REGISTER.yaml).

    Every problem is one line on stderr with its line number, and nothing is written. The same file again changes nothing; another file for the same register and year replaces it.
    """
    from storage.engine import open_initialised
    from storage.registers import RegisterError, import_register

    with errors_as_one_line():
        engine = open_initialised(db)
        try:
            result = import_register(engine, register, file, year, unresolved)
        except RegisterError as exc:
            for problem in exc.problems:
                typer.echo(problem, err=True)
            typer.echo(
                f"aict: error: {count(len(exc.problems), 'error')} in {file}: nothing stored",
                err=True,
            )
            raise typer.Exit(EXIT_ERROR) from None
        finally:
            engine.dispose()
    _say_imported(register, result)


def _say_imported(register: str, result: ImportResult) -> None:
    """One line: what the import stored, or that the file was in force already."""
    if result.unchanged:
        typer.echo(
            f"{register} {result.year}: {result.file_name} already imported "
            f"(sha256 {result.sha256[:12]}…): nothing changed"
        )
        return
    replaced = f", replacing {count(result.replaced, 'earlier row')}" if result.replaced else ""
    skipped = (
        f", {count(result.skipped, 'line')} outside the mapping's filter" if result.skipped else ""
    )
    typer.echo(
        f"{register} {result.year}: imported {count(result.rows, 'row')} from {result.file_name} "
        f"({result.file_format}){skipped}{replaced}"
    )

"""`aict init`: schema, reference data and the bundled registry, idempotently."""

from __future__ import annotations

import typer

from cli.app import DbOption, app, errors_as_one_line


@app.command()
def init(db: DbOption = None) -> None:
    """Upgrade the schema (Alembic), load reference data and the bundled sources registry; idempotent."""
    from crawlers.registry import load_bundled_registry
    from storage.bootstrap import init_database
    from storage.engine import make_engine

    with errors_as_one_line():
        engine = make_engine(db)
        try:
            report = init_database(engine, extra_steps=[load_bundled_registry])
        finally:
            engine.dispose()
    loaded = ", ".join(f"{n:,} {table}" for table, n in report.loaded.items())
    typer.echo(f"schema at {', '.join(report.revision)}; loaded {loaded}")

"""`aict init`: schema, reference data and the bundled registry, idempotently."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cli.app import DbOption, app, errors_as_one_line

InitSourcesOption = Annotated[
    Path | None,
    typer.Option(
        "--sources",
        help="Load this sources YAML instead of the bundled registry (a database of its own, "
        "e.g. the demo web's: the bundled registry is never loaded into it).",
    ),
]


@app.command()
def init(db: DbOption = None, sources: InitSourcesOption = None) -> None:
    """Upgrade the schema (Alembic), load reference data and the bundled sources registry; idempotent."""
    from crawlers.registry import load_bundled_registry, read_registry, store_registry
    from storage.bootstrap import init_database
    from storage.engine import make_engine

    with errors_as_one_line():
        step = load_bundled_registry
        if sources is not None:
            # Read and checked before the database is touched: a bad file changes nothing.
            registry = read_registry(sources)

            def step(engine):  # noqa: ANN001, ANN202 - an InitStep
                counts = store_registry(engine, registry)
                return {"registry sources": counts["sources"], "registry feeds": counts["feeds"]}

        engine = make_engine(db)
        try:
            report = init_database(engine, extra_steps=[step])
        finally:
            engine.dispose()
    loaded = ", ".join(f"{n:,} {table}" for table, n in report.loaded.items())
    typer.echo(f"schema at {', '.join(report.revision)}; loaded {loaded}")

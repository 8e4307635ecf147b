"""`aict crawl`: one Scrapy crawl of due (or named) sources into the database."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cli.app import EXIT_SOURCES_FAILED, DbOption, app, errors_as_one_line, fail

SourcesOption = Annotated[
    Path | None,
    typer.Option("--sources", help="Sources YAML: upserted, and only its sources are crawled."),
]
OnlyOption = Annotated[
    list[str] | None,
    typer.Option("--only", help="Crawl only this source slug (repeatable)."),
]


@app.command()
def crawl(sources: SourcesOption = None, only: OnlyOption = None, db: DbOption = None) -> None:
    """Crawl every enabled source that is due (or only --sources / --only), then exit 0 or 3."""
    from crawlers.netpolicy import NetworkPolicy
    from crawlers.plan import build_plan
    from crawlers.registry import RegistryError, read_registry, store_registry
    from crawlers.runner import run_crawl
    from crawlers.settings import env_overrides
    from storage.engine import make_engine, resolve_url

    with errors_as_one_line():
        NetworkPolicy.from_env()  # a bad AICT_ALLOW_NETWORKS is bad input, before any work
        env_overrides()
        url = resolve_url(db)
        engine = make_engine(url)
        try:
            slugs = list(only or [])
            if sources is not None:
                try:
                    registry = read_registry(sources)
                except RegistryError as exc:
                    raise fail(str(exc)) from None
                store_registry(engine, registry)
                file_slugs = [s.slug for s in registry.sources]
                slugs = [s for s in slugs if s in file_slugs] if slugs else file_slugs
                if not slugs:
                    raise fail("--only names no source of the --sources file")
            plan = build_plan(engine, slugs=slugs or None, due_only=not slugs)
        finally:
            engine.dispose()
    for slug in plan.skipped_disabled:
        typer.echo(f"skipped disabled source {slug}", err=True)
    if plan.is_empty():
        typer.echo("nothing due")
        return
    report = run_crawl(url, plan)
    typer.echo(
        f"crawled {len(report.feeds)} feeds, {report.failed_feeds} failed; "
        f"discovered {sum(len(v) for v in report.discovered.values())} feeds; "
        f"stored {report.stored} articles"
    )
    if report.article_failures:
        detail = ", ".join(f"{n} {status}" for status, n in sorted(report.article_failures.items()))
        typer.echo(f"article pages not stored: {detail}")
    failed = report.failed_feeds + len(report.discovery_failures)
    if failed:
        typer.echo(f"aict: {failed} sources or feeds failed (see `aict sources health`)", err=True)
        raise typer.Exit(EXIT_SOURCES_FAILED)

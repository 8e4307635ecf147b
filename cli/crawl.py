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
JobdirOption = Annotated[
    Path | None,
    typer.Option(
        "--jobdir",
        help="Private directory of this crawl job's state: rerun with the same DIR to resume an "
        "interrupted crawl (one directory per job, never shared).",
        metavar="DIR",
    ),
]


@app.command()
def crawl(
    sources: SourcesOption = None,
    only: OnlyOption = None,
    db: DbOption = None,
    jobdir: JobdirOption = None,
) -> None:
    """Crawl every enabled source that is due (or only --sources / --only), then exit 0 or 3."""
    from crawlers.jobdir import JobDir
    from crawlers.netpolicy import NetworkPolicy
    from crawlers.plan import build_plan
    from crawlers.registry import RegistryError, read_registry, store_registry
    from crawlers.runner import run_crawl
    from crawlers.settings import env_overrides
    from storage.engine import make_engine, resolve_url

    with errors_as_one_line():
        NetworkPolicy.from_env()  # a bad AICT_ALLOW_NETWORKS is bad input, before any work
        env_overrides()
        # Checked and locked before any work; the lock lasts until this process exits.
        job = JobDir.open(jobdir) if jobdir is not None else None
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
    for slug, why in plan.skipped_suspect.items():
        typer.echo(f"skipped suspect source {slug} ({why[:160]})", err=True)
    # An interrupted job resumes even when nothing is due any more (its feeds were fetched).
    if plan.is_empty() and not (job and job.has_pending()):
        typer.echo("nothing due")
        return
    report = run_crawl(url, plan, jobdir=job.path if job else None)
    if job and report.finished:
        job.clear()  # a later run with this directory is a new job, not a resume
    typer.echo(
        f"crawled {len(report.feeds)} feeds, {report.failed_feeds} failed; "
        f"discovered {sum(len(v) for v in report.discovered.values())} feeds; "
        f"stored {report.stored} articles"
    )
    if report.article_failures:
        detail = ", ".join(f"{n} {status}" for status, n in sorted(report.article_failures.items()))
        typer.echo(f"article pages not stored: {detail}")
    for slug, why in sorted(report.quarantined.items()):
        typer.echo(
            f"aict: quarantined {slug} (suspect: {why[:160]}); "
            f"once checked: `aict sources reinstate {slug}`",
            err=True,
        )
    if report.interrupted:
        hint = f"; rerun with --jobdir {jobdir} to resume" if job else ""
        raise fail(f"crawl interrupted before the end{hint}")
    failed = report.failed_feeds + len(report.discovery_failures)
    if failed:
        typer.echo(f"aict: {failed} sources or feeds failed (see `aict sources health`)", err=True)
    if failed or report.quarantined:
        raise typer.Exit(EXIT_SOURCES_FAILED)

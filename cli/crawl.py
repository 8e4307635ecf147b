"""`aict crawl`: one Scrapy crawl of due (or named) sources into the database."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cli.app import (
    EXIT_SOURCES_FAILED,
    DbOption,
    app,
    count,
    errors_as_one_line,
    fail,
    parse_moment,
)

if TYPE_CHECKING:
    from crawlers.extract_worker import ExtractionService
    from crawlers.jobdir import JobDir
    from crawlers.plan import CrawlPlan
    from crawlers.report import CrawlReport

SourcesOption = Annotated[
    Path | None,
    typer.Option("--sources", help="Sources YAML: upserted, and only its sources are crawled."),
]
OnlyOption = Annotated[
    list[str] | None,
    typer.Option("--only", help="Crawl only this source slug (repeatable)."),
]
DueAtOption = Annotated[
    str | None,
    typer.Option(
        "--due-at",
        help="Crawl only the feeds due at TIME (ISO 8601 with a UTC offset), named sources "
        "included: what a scheduled run does, so its batches never change the schedule.",
        metavar="TIME",
    ),
]
FeedOption = Annotated[
    list[int] | None,
    typer.Option(
        "--feed",
        help="With --due-at: fetch this feed (id) of the named sources even when no longer due "
        "(a scheduled run's recorded batch, so a cleared run redoes its work; repeatable).",
        metavar="ID",
    ),
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
    due_at: DueAtOption = None,
    feed: FeedOption = None,
) -> None:
    """Crawl every enabled source that is due (or only --sources / --only), then exit 0 or 3.

    Named sources are crawled whatever their schedule, unless --due-at: then, like a bare
    crawl, only the feeds due at that moment (one rule, :func:`crawlers.plan.is_due`).
    Exit 1 (one line, nothing written) when extraction cannot work here (issue 12).
    """
    from crawlers.jobdir import JobDir
    from crawlers.netpolicy import NetworkPolicy
    from crawlers.runner import start_extraction
    from crawlers.settings import env_overrides

    with errors_as_one_line():
        NetworkPolicy.from_env()  # a bad AICT_ALLOW_NETWORKS is bad input, before any work
        env_overrides()
        at = _moment(due_at) if due_at is not None else None
        # Checked and locked before any work; the lock lasts until this process exits.
        job = JobDir.open(jobdir) if jobdir is not None else None
    # Issue 12: the extraction worker is spawned now (its start-up overlaps reading the sources
    # and the plan) and checked before the first write or request.
    extraction = start_extraction()
    try:
        _crawl(sources, only, db, job, jobdir, extraction, at, feed or [])
    finally:
        if extraction is not None:
            extraction.close()


def _moment(text: str) -> dt.datetime:
    """``--due-at``: an ISO 8601 moment with its UTC offset (a naive one would be ambiguous)."""
    return parse_moment("--due-at", text)


def _check(extraction: ExtractionService | None) -> None:
    """Exit 1 with one line when extraction cannot work here (nothing written, no request)."""
    from crawlers.extract_worker import ExtractionUnavailable

    if extraction is None:
        return
    try:
        extraction.check()
    except ExtractionUnavailable as exc:
        raise fail(f"extraction is unavailable: {exc}") from None


def _crawl(
    sources: Path | None,
    only: list[str] | None,
    db: str | None,
    job: JobDir | None,
    jobdir: Path | None,
    extraction: ExtractionService | None,
    due_at: dt.datetime | None = None,
    feed_ids: list[int] | None = None,
) -> None:
    from crawlers.runner import run_crawl

    url, plan = _plan(sources, only, db, extraction, due_at, feed_ids)
    # An interrupted job resumes even when nothing is due any more (its feeds were fetched).
    if plan.is_empty() and not (job and job.has_pending()):
        _report_skipped(plan)
        typer.echo("nothing due")
        return
    _check(extraction)
    _report_skipped(plan)
    report = run_crawl(url, plan, jobdir=job.path if job else None, extraction=extraction)
    if job and report.finished:
        job.clear()  # a later run with this directory is a new job, not a resume
    _conclude(report, job, jobdir)


def _plan(
    sources: Path | None,
    only: list[str] | None,
    db: str | None,
    extraction: ExtractionService | None,
    due_at: dt.datetime | None,
    feed_ids: list[int] | None,
) -> tuple[str, CrawlPlan]:
    """The database URL and the crawl's plan (the --sources file stored first)."""
    from crawlers.plan import build_plan
    from crawlers.registry import RegistryError, read_registry, store_registry
    from storage.engine import make_engine, resolve_url

    with errors_as_one_line():
        url = resolve_url(db)
        engine = make_engine(url)
        try:
            slugs = list(only or [])
            if sources is not None:
                try:
                    registry = read_registry(sources)
                except RegistryError as exc:
                    raise fail(str(exc)) from None
                _check(extraction)  # before the registry is written
                store_registry(engine, registry)
                file_slugs = [s.slug for s in registry.sources]
                slugs = [s for s in slugs if s in file_slugs] if slugs else file_slugs
                if not slugs:
                    raise fail("--only names no source of the --sources file")
            plan = build_plan(
                engine,
                slugs=slugs or None,
                now=due_at,
                due_only=due_at is not None or not slugs,
                feed_ids=feed_ids or (),
            )
        finally:
            engine.dispose()
    return url, plan


def _conclude(report: CrawlReport, job: JobDir | None, jobdir: Path | None) -> None:
    """The crawl's summary; exit 1 when it stopped early, 3 when sources failed."""
    typer.echo(
        f"crawled {count(len(report.feeds), 'feed')}, {report.failed_feeds} failed; "
        f"discovered {count(sum(len(v) for v in report.discovered.values()), 'feed')}; "
        f"stored {count(report.stored, 'article')}"
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
    if report.extraction_unavailable:
        raise fail(
            f"extraction became unavailable during the crawl: {report.extraction_unavailable}; "
            f"the crawl stopped, and {count(len(report.unextracted_feeds), 'feed')} with pages not "
            "extracted keep their validators and are read again at the next crawl"
        )
    if report.interrupted:
        hint = f"; rerun with --jobdir {jobdir} to resume" if job else ""
        raise fail(f"crawl interrupted before the end{hint}")
    failed = report.failed_feeds + len(report.discovery_failures)
    if failed:
        typer.echo(
            f"aict: {count(failed, 'source or feed', 'sources or feeds')} failed "
            "(see `aict sources health`)",
            err=True,
        )
    if failed or report.quarantined:
        raise typer.Exit(EXIT_SOURCES_FAILED)


def _report_skipped(plan: CrawlPlan) -> None:
    for slug in plan.skipped_disabled:
        typer.echo(f"skipped disabled source {slug}", err=True)
    for slug, why in plan.skipped_suspect.items():
        typer.echo(f"skipped suspect source {slug} ({why[:160]})", err=True)

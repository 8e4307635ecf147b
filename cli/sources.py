"""`aict sources build | list | health | discover | disable | reinstate`: the registry for operators.

A quarantined source (``suspect``, A21) shows as such in ``list`` and ``health`` with its
reason; ``reinstate`` is the operator's way back once the site has been checked.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

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
    import datetime as dt

    from sqlalchemy import Engine, Select

    from crawlers.plan import CrawlPlan
    from crawlers.report import CrawlReport

sources_app = typer.Typer(
    help="The sources registry: press titles and council sites.", no_args_is_help=True
)
app.add_typer(sources_app, name="sources")

OnlyOption = Annotated[
    list[str] | None, typer.Option("--only", help="Only this source slug (repeatable).")
]


@sources_app.command("build")
def build(
    out: Annotated[
        Path | None, typer.Option("--out", help="Write here instead of the bundled file.")
    ] = None,
    min_population: Annotated[int, typer.Option(help="Communes from this population up.")] = 20_000,
    every: Annotated[
        bool,
        typer.Option(
            "--all",
            help="Every council with a known website, whatever its population "
            "(--min-population 0; ~21,600 councils).",
        ),
    ] = False,
    from_registers: Annotated[
        bool,
        typer.Option(
            "--from-registers",
            help="Also every collectivité with an Atlas project or an APD declaration in the "
            "database, whatever its population, when its website is known.",
        ),
    ] = False,
    db: DbOption = None,
) -> None:
    """Regenerate the council registry from reference data (merged with the press titles)."""
    from crawlers.registry import BUNDLED, build_registry, registered_collectivites

    with errors_as_one_line():
        also: frozenset[str] = frozenset()
        if from_registers:
            also = _registered(db, registered_collectivites)
        counts = build_registry(
            out_path=out or BUNDLED, min_population=0 if every else min_population, also=also
        )
    registers = (
        f" ({counts['registered']} of the {count(len(also), 'registered collectivité')}; "
        f"{counts['no_website']} without a known website)"
        if from_registers
        else ""
    )
    typer.echo(
        f"wrote {out or BUNDLED}: {count(counts['press'], 'press title')}, "
        f"{count(counts['council'], 'council')}{registers}"
    )


def _registered(db: str | None, read: Callable[[Engine], frozenset[str]]) -> frozenset[str]:
    """The registered collectivités of the database (its schema must be up to date)."""
    from storage.engine import open_initialised

    engine = open_initialised(db)
    try:
        return read(engine)
    finally:
        engine.dispose()


@sources_app.command("list")
def list_sources(db: DbOption = None) -> None:
    """Every source in the database: slug, kind, state, feeds, name (and why it is suspect)."""
    from models.vocab import SourceStatus
    from storage.engine import make_engine, read_engine

    with errors_as_one_line():
        engine = make_engine(db)
        try:
            with read_engine(engine).connect() as conn:
                rows = conn.execute(_sources_query()).all()
        finally:
            engine.dispose()
    for slug, kind, enabled, feeds, name, status, reason in rows:
        state = "enabled" if enabled else "disabled"
        # Suspect outranks enabled: it is what the operator has to act on (A21).
        state = "suspect" if status == SourceStatus.SUSPECT else state
        why = f"\t{(reason or '').splitlines()[0][:160]}" if status == SourceStatus.SUSPECT else ""
        typer.echo(f"{slug}\t{kind}\t{state}\t{count(feeds, 'feed')}\t{name}{why}")
    typer.echo(count(len(rows), "source"), err=True)


def _sources_query() -> Select[*tuple[Any, ...]]:
    """Each source with its number of feeds, press titles first."""
    from sqlalchemy import func, select

    from models import Feed, Source

    return (
        select(
            Source.slug,
            Source.kind,
            Source.enabled,
            func.count(Feed.id),
            Source.name,
            Source.status,
            Source.status_reason,
        )
        .outerjoin(Feed, Feed.source_id == Source.id)
        .group_by(
            Source.id,
            Source.slug,
            Source.kind,
            Source.enabled,
            Source.name,
            Source.status,
            Source.status_reason,
        )
        .order_by(Source.kind.desc(), Source.slug)
    )


@sources_app.command("health")
def health(
    db: DbOption = None,
    failing: Annotated[bool, typer.Option("--failing", help="Only feeds not ok.")] = False,
) -> None:
    """Per-feed health (v_source_health): status, last success, weighted failures, notes.

    Notes: the last error, else the last fetch's note (an ``ok`` fetch that left announced URLs
    out says so, issue 12), "TLS unverified" (A19) and, for a quarantined source, "source
    suspect since …: reason" (A21). The view's columns are a contract; the notes come from the
    feeds, fetch events and sources tables beside it.
    """
    from models import vocab

    with errors_as_one_line():
        rows, unverified, fetch_notes, suspects = _health_data(db)
    shown = 0
    for slug, url, status, last_ok, failures, error in rows:
        quiet = status in vocab.QUIET_STATUSES
        if failing and quiet and slug not in suspects:
            continue
        shown += 1
        last = str(last_ok)[:19] if last_ok else "never"
        error = error or fetch_notes.get(url)
        notes = [error.splitlines()[0][:160]] if error else []
        if url in unverified:
            notes.append("TLS unverified")
        if slug in suspects:
            reason, since = suspects[slug]
            when = f" since {str(since)[:19]}" if since else ""
            notes.append(f"source suspect{when}: {(reason or '').splitlines()[0][:120]}")
        note = f"\t{'; '.join(notes)}" if notes else ""
        typer.echo(f"{slug}\t{status}\t{last}\t{failures:g}\t{url}{note}")
    typer.echo(count(shown, "feed"), err=True)


def _health_data(
    db: str | None,
) -> tuple[
    Sequence[Any], set[str], dict[str, str | None], dict[str, tuple[str | None, dt.datetime | None]]
]:
    """The view's rows, the feeds whose TLS is unverified, each feed's last fetch note and the
    suspect sources (reason, since)."""
    from sqlalchemy import func, select, text

    from models import Feed, FetchEvent, Source, vocab
    from storage.engine import make_engine, read_engine

    query = text(
        "SELECT source_slug, feed_url, status, last_success_at, failures, last_error "
        "FROM v_source_health ORDER BY source_slug, feed_url"
    )
    engine = make_engine(db)
    try:
        with read_engine(engine).connect() as conn:
            rows = conn.execute(query).all()
            unverified = set(conn.scalars(select(Feed.url).where(Feed.tls_verified.is_(False))))
            latest = select(func.max(FetchEvent.id)).group_by(FetchEvent.feed_id)
            fetch_notes = dict(
                conn.execute(
                    select(Feed.url, FetchEvent.error)
                    .join(FetchEvent, FetchEvent.feed_id == Feed.id)
                    .where(FetchEvent.id.in_(latest), FetchEvent.error.is_not(None))
                ).all()
            )
            suspects = {
                slug: (reason, since)
                for slug, reason, since in conn.execute(
                    select(Source.slug, Source.status_reason, Source.status_changed_at).where(
                        Source.status == vocab.SourceStatus.SUSPECT
                    )
                )
            }
    finally:
        engine.dispose()
    return rows, unverified, fetch_notes, suspects


BelowOption = Annotated[
    int | None,
    typer.Option(
        "--below-population",
        help="Every commune council under this many inhabitants (INSEE population).",
    ),
]
AllOption = Annotated[bool, typer.Option("--all", help="Every source of the registry.")]


@sources_app.command("disable")
def disable(
    slugs: Annotated[list[str] | None, typer.Argument(help="Source slugs.")] = None,
    below_population: BelowOption = None,
    every: AllOption = False,
    db: DbOption = None,
) -> None:
    """Stop crawling sources; their feeds, articles and history are kept."""
    _switch(False, slugs or [], below_population, every, db)


@sources_app.command("enable")
def enable(
    slugs: Annotated[list[str] | None, typer.Argument(help="Source slugs.")] = None,
    below_population: BelowOption = None,
    every: AllOption = False,
    db: DbOption = None,
) -> None:
    """Crawl sources again (or for the first time: a full registry can be loaded disabled)."""
    _switch(True, slugs or [], below_population, every, db)


def _switch(
    enabled: bool, slugs: list[str], below: int | None, every: bool, db: str | None
) -> None:
    """Set ``enabled`` on the selected sources; an unknown slug changes nothing (exit 1)."""
    from crawlers.registry import set_enabled, unknown_slugs
    from storage.engine import open_initialised

    verb = "enabled" if enabled else "disabled"
    with errors_as_one_line():
        engine = open_initialised(db)
        try:
            unknown = unknown_slugs(engine, slugs) if slugs else []
            if unknown:
                raise fail(f"unknown source {unknown[0]!r} (see `aict sources list`)")
            changed = set_enabled(engine, enabled, slugs=slugs, below_population=below, every=every)
        finally:
            engine.dispose()
    if len(slugs) == 1 and not (below or every):
        typer.echo(f"{verb} {slugs[0]}" if changed else f"{slugs[0]} was already {verb}")
        return
    typer.echo(f"{verb} {count(changed, 'source')}")


@sources_app.command("reinstate")
def reinstate(slug: str, db: DbOption = None) -> None:
    """Crawl a quarantined (suspect) source again, once its site has been checked (A21)."""
    import datetime as dt

    from crawlers.quarantine import reinstate_source
    from models.vocab import SourceStatus
    from storage.engine import make_engine, write_session

    with errors_as_one_line():
        engine = make_engine(db)
        try:
            with write_session(engine) as session:
                now = dt.datetime.now(dt.UTC).replace(microsecond=0)
                previous = reinstate_source(session, slug, now)
        finally:
            engine.dispose()
    if previous is None:
        raise fail(f"unknown source {slug!r} (see `aict sources list`)")
    if previous == SourceStatus.ACTIVE:
        typer.echo(f"{slug} is already active")
        return
    typer.echo(f"reinstated {slug} (was {previous})")


@sources_app.command("discover")
def discover(
    only: OnlyOption = None,
    skip_since: Annotated[
        str | None,
        typer.Option(
            "--skip-since",
            metavar="TIME",
            help="Skip the councils whose discovery ended at or after TIME (ISO 8601 with a UTC "
            "offset): rerun a stopped discovery with the time it started to resume it.",
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Find feeds, news sitemaps and listing pages of council sites and record them.

    Each site's result is stored as soon as its discovery ends (``sources.discovered_at``), so
    a stopped discovery (Ctrl+C, SIGTERM: exit 1 with a resume hint) loses nothing, and its
    rerun with ``--skip-since`` probes only the sites it had not settled.
    """
    from crawlers.runner import run_crawl

    url, plan, since, started = _discovery_plan(only, skip_since, db)
    if plan.skipped_settled:
        typer.echo(
            f"skipped {count(len(plan.skipped_settled), 'council')} discovered since "
            f"{since.isoformat() if since else '?'}"
        )
    if not plan.discoveries:
        typer.echo("no council site to discover")
        return
    report = run_crawl(url, plan, mode="discover")
    _discovery_summary(report, plan, started)


def _discovery_plan(
    only: list[str] | None, skip_since: str | None, db: str | None
) -> tuple[str, CrawlPlan, dt.datetime | None, dt.datetime]:
    """The database URL, the discovery's plan (no feeds), --skip-since and when it started."""
    from crawlers import clock
    from crawlers.netpolicy import NetworkPolicy
    from crawlers.plan import build_plan
    from crawlers.settings import env_overrides
    from storage.engine import make_engine, resolve_url

    with errors_as_one_line():
        NetworkPolicy.from_env()
        env_overrides()
        since = parse_moment("--skip-since", skip_since) if skip_since is not None else None
        # Second precision: the database stores discovered_at to the second.
        started = since or clock.utc_now().replace(microsecond=0)
        url = resolve_url(db)
        engine = make_engine(url)
        try:
            plan = build_plan(
                engine, slugs=list(only or []) or None, discover="all", settled_since=since
            )
        finally:
            engine.dispose()
    plan.feeds = []
    return url, plan, since, started


def _discovery_summary(report: CrawlReport, plan: CrawlPlan, started: dt.datetime) -> None:
    """What was found and what failed; exit 1 with a resume hint when interrupted, 3 on
    failures."""
    for slug, found in sorted(report.discovered.items()):
        for feed_url, kind in found:
            typer.echo(f"{slug}\t{kind}\t{feed_url}")
    for slug, why in sorted(report.discovery_failures.items()):
        typer.echo(f"aict: {slug}: {why}", err=True)
    if report.interrupted:
        settled = len(set(report.discovered) | set(report.discovery_failures))
        left = len(plan.discoveries) - settled
        raise fail(
            f"discovery interrupted after {settled:,} of {count(len(plan.discoveries), 'site')}; "
            f"rerun with --skip-since {started.isoformat()} to probe only the {left:,} left"
        )
    if report.discovery_failures:
        raise typer.Exit(EXIT_SOURCES_FAILED)

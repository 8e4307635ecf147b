"""A scheduled run's batches as a DAG maps over them: listed, recorded, turned into commands.

What is due and how sources are cut into batches is the crawler's (:mod:`crawlers.plan`:
at most 500 batches, sorted by département; reliability.md P-A1). "Due" is decided at the run's clock (its data-interval end), never at ``now()``, so a rerun of
the same logical date sees the same clock; and it is decided by the crawl planner's own rule,
twice: when the run lists its due sources, and again inside each batch's ``aict crawl
--due-at``, which fetches only the due feeds of the sources it is given. A batch is a unit of
work, never a unit of scheduling.

A run's batches are recorded in its directory on the first try (:func:`run_batches`, issue 16):
clearing the run reads them back and each batch fetches its recorded feeds again (``--feed``),
so the run redoes its interval instead of finding nothing due. Its verdict
(:func:`run_verdict`) is read from source health, for the fetches of the current try only.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from crawlers.healthreport import failed_sources, undiscovered, verdict
from crawlers.plan import (
    MAX_BATCHES,
    batches,
    council_sources,
    due_work,
    feeds_of_sources,
    sources_with_departments,
)
from orchestration.runner import only_args

#: Mapped tasks per run at most (Airflow's limit is 1,024).
MAX_MAPPED = MAX_BATCHES
#: The run's batches, in its directory (``orchestration.jobs.task_rundir``).
RECORD_NAME = "batches.json"
#: One batch as it travels through XCom: ``slugs``, ``feeds`` (ids), ``discover`` (slugs);
#: ``clock`` and ``listed_at`` (ISO 8601) once listed for a try.
Batch = dict[str, Any]


def due_batches(engine: Engine, kind: str, at: dt.datetime, *, min_size: int) -> list[Batch]:
    """The work due at ``at`` in batches: each with its sources, their due feeds (ids) and
    the councils it must discover (no feed yet)."""
    feeds_of, discover = due_work(engine, kind, at)
    sources = sources_with_departments(engine, kind, set(feeds_of) | discover)
    return [
        {
            "slugs": group,
            "feeds": sorted(f for slug in group for f in feeds_of.get(slug, [])),
            "discover": [slug for slug in group if slug in discover],
        }
        for group in batches(sources, min_size=min_size, max_batches=MAX_MAPPED)
    ]


def run_batches(
    engine: Engine, kind: str, at: dt.datetime, run_dir: Path, *, min_size: int
) -> list[Batch]:
    """The batches of the run whose clock is ``at``, recorded in its directory (issue 16).

    The first try computes them and writes ``batches.json``; a cleared run reads them back, so
    it redoes its own interval although its feeds are no longer due. Each batch is stamped
    with the run's clock and when this try listed it: the verdict reads only fetches since.
    """
    record = run_dir / RECORD_NAME
    work = _read_record(record, at)
    if work is None:
        work = due_batches(engine, kind, at, min_size=min_size)
        _write_record(record, at, work)
    else:
        work = _with_discovered_feeds(engine, work)
    listed = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    return [{**batch, "clock": at.isoformat(), "listed_at": listed} for batch in work]


def _read_record(record: Path, at: dt.datetime) -> list[Batch] | None:
    """The batches recorded for the clock ``at``, or None (first try, or another clock)."""
    try:
        data = json.loads(record.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    if dt.datetime.fromisoformat(data["clock"]) != at:
        return None
    return list(data["batches"])


def _write_record(record: Path, at: dt.datetime, work: list[Batch]) -> None:
    """Write the record whole or not at all (a rename), readable only by its owner."""
    partial = record.with_suffix(".tmp")
    partial.write_text(json.dumps({"clock": at.isoformat(), "batches": work}), encoding="utf-8")
    partial.chmod(0o600)
    partial.replace(record)


def _with_discovered_feeds(engine: Engine, work: list[Batch]) -> list[Batch]:
    """Recorded batches plus the feeds their councils' discovery found since: redone too."""
    discover = {slug for batch in work for slug in batch["discover"]}
    if not discover:
        return work
    found = feeds_of_sources(engine, discover)
    return [
        {**b, "feeds": sorted({*b["feeds"], *(f for s in b["discover"] for f in found.get(s, []))})}
        for b in work
    ]


def crawl_args(
    jobdir: Path, slugs: Sequence[str], at: dt.datetime, feeds: Sequence[int] = ()
) -> list[str]:
    """``crawl --jobdir DIR --due-at AT --only … --feed …`` for one batch of a run at ``at``.

    ``--due-at`` makes the batch fetch only what is due at the run's clock: with ``--only``
    alone every feed of the named sources would be fetched, bypassing their own intervals.
    ``--feed`` names the batch's recorded feeds, fetched even when no longer due: a cleared
    run redoes its work (issue 16).
    """
    args = only_args(["crawl", "--jobdir", str(jobdir), "--due-at", at.isoformat()], slugs)
    for feed_id in feeds:
        args += ["--feed", str(int(feed_id))]
    return args


def batch_crawl_args(jobdir: Path, batch: Batch) -> list[str]:
    """:func:`crawl_args` of one batch listed by :func:`run_batches`."""
    clock = dt.datetime.fromisoformat(batch["clock"])
    return crawl_args(jobdir, batch["slugs"], clock, batch["feeds"])


def run_verdict(engine: Engine, listed: Sequence[Batch]) -> str | None:
    """``N sources failed: slug — why since when; …`` for the batches this try listed, or None.

    Read from source health (:mod:`crawlers.healthreport`), only for fetches at or after the
    try listed its batches: an earlier try's failures, repaired since, are not counted.
    """
    if not listed:
        return None
    since = min(dt.datetime.fromisoformat(b["listed_at"]) for b in listed)
    feeds = {f for b in listed for f in b["feeds"]}
    discover = {s for b in listed for s in b["discover"]}
    failures = failed_sources(engine, feeds, since, sources=discover)
    failed = {f.slug for f in failures}
    failures += [f for f in undiscovered(engine, discover) if f.slug not in failed]
    return verdict(sorted(failures, key=lambda f: f.slug))


def discovery_batches(engine: Engine, *, min_size: int) -> list[Batch]:
    """Every enabled council with a homepage, in batches for the weekly discovery: each with
    its ``slugs`` and when this try listed it (``listed_at``, ISO 8601)."""
    listed = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    groups = batches(council_sources(engine), min_size=min_size, max_batches=MAX_MAPPED)
    return [{"slugs": group, "listed_at": listed} for group in groups]


def discovery_args(batch: Batch) -> list[str]:
    """``sources discover --skip-since LISTED_AT --only …`` for one discovery batch.

    Each site's discovery is recorded as it ends (``sources.discovered_at``): a retry of the
    batch (a timeout, a lost worker, a stop) skips the sites settled since the run listed its
    batches and probes only the others (issue 16 item 8). Clearing the run lists the batches
    again, with a new time: every site is discovered again.
    """
    return only_args(["sources", "discover", "--skip-since", batch["listed_at"]], batch["slugs"])

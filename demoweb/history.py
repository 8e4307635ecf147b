"""The demo's 12 weeks of polling, replayed day by day on a simulated clock (issue 13 item 3).

A crawl of the demo web once, on its last day, finds 12 weeks of articles but has polled each
feed on one day only, so every week's collection is incomplete ("lacune" everywhere). The demo
web keeps its whole history (:class:`demoweb.generate.WebHistory`), so this module polls
it the way a scheduled crawler would have: one round a day at 08:00 Paris time, from the Monday
of the first reported week to the demo's date, in one process (:func:`crawlers.runner.run_rounds`);
the crawler's clock, its schedule (what is due), its feed health and the web's own clock all
follow the simulated time. The sites that misbehave on purpose (a council whose robots.txt
answers 503, a press feed in 500) do so during one week only, the last complete one (the
digest's week): the demo's one deliberate, explained collection gap.

``python -m demoweb.history --as-of DATE --db URL --dir DIR [--small]`` (run by
``aict demo`` in its own process: one reactor per process).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")
#: The report covers 12 weeks before the demo date; polling starts on that week's Monday, so
#: its first week is a complete week of collection too.
REPORT_WEEKS = 12
POLL_TIME = dt.time(8, 0)  # after the demo's items of the day (05:00–07:55, generate.py)


def polling_moments(as_of: dt.date, weeks: int = REPORT_WEEKS) -> list[dt.datetime]:
    """One polling moment a day (08:00 Paris, as UTC) from the Monday of ``as_of − weeks``."""
    first = as_of - dt.timedelta(weeks=weeks)
    first -= dt.timedelta(days=first.weekday())
    days = (as_of - first).days + 1
    return [
        dt.datetime.combine(first + dt.timedelta(days=n), POLL_TIME, tzinfo=PARIS).astimezone(
            dt.UTC
        )
        for n in range(days)
    ]


def outage_week(as_of: dt.date) -> tuple[dt.date, dt.date]:
    """Monday and Sunday of the last complete ISO week before ``as_of`` (the digest's week)."""
    monday = as_of - dt.timedelta(days=as_of.weekday() + 7)
    return monday, monday + dt.timedelta(days=6)


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m demoweb.history", description=__doc__)
    parser.add_argument("--as-of", type=dt.date.fromisoformat, required=True)
    parser.add_argument("--db", required=True, help="database URL (initialised)")
    parser.add_argument("--dir", type=Path, required=True, help="where the sources file goes")
    parser.add_argument("--small", action="store_true")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Serve the demo web with its history, poll it day by day; exit 0 (or 3 if a round failed
    outside the outage week, which would be a bug of the demo)."""
    args = _arguments(argv)
    outage = outage_week(args.as_of)
    moments = polling_moments(args.as_of)
    started = time.perf_counter()
    reports = _poll(args, moments, outage)
    return _summary(reports, moments, outage, time.perf_counter() - started)


def _poll(
    args: argparse.Namespace, moments: list[dt.datetime], outage: tuple[dt.date, dt.date]
) -> list:
    """Each polling moment's crawl report, the web served as it stood at that moment."""
    from crawlers.plan import build_plan
    from crawlers.registry import read_registry, store_registry
    from crawlers.runner import run_rounds
    from demoweb.server import DemoWeb
    from storage.engine import make_engine

    engine = make_engine(args.db)
    web = DemoWeb(args.as_of, small=args.small, workdir=args.dir, history=True, outage=outage)
    try:
        with web:
            registry = read_registry(web.sources_file)
            store_registry(engine, registry)
            slugs = [s.slug for s in registry.sources]
            print(f"demo web: {len(web.hosts)} sites, sources file {web.sources_file}", flush=True)
            return run_rounds(
                args.db,
                moments,
                lambda moment: build_plan(engine, slugs=slugs, now=moment, due_only=True),
                before=web.set_clock,
            )
    finally:
        engine.dispose()


def _summary(
    reports: list, moments: list[dt.datetime], outage: tuple[dt.date, dt.date], seconds: float
) -> int:
    """Print what was polled and the deliberate gap; 3 if a round failed outside the outage."""
    fetched = sum(len(r.feeds) for _, r in reports)
    failed = [(m, r) for m, r in reports if r.failed_feeds]
    stored = sum(r.stored for _, r in reports)
    stray = [m for m, _ in failed if not outage[0] <= m.astimezone(PARIS).date() <= outage[1]]
    print(
        f"polled {len(reports)} days ({moments[0].astimezone(PARIS):%Y-%m-%d} → "
        f"{moments[-1].astimezone(PARIS):%Y-%m-%d}, 08:00 Paris, simulated clock): "
        f"{fetched} feed fetches, {sum(r.failed_feeds for _, r in failed)} failed, "
        f"stored {stored} articles ({seconds:.0f} s)",
        flush=True,
    )
    print(
        f"deliberate collection gap: {outage[0]} → {outage[1]} (faulty demo sites down)",
        flush=True,
    )
    if stray:
        print(
            f"unexpected failures on {len(stray)} day(s), first {stray[0]:%Y-%m-%d}",
            file=sys.stderr,
        )
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())

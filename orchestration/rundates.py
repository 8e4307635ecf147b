"""Run dates → the Paris dates and ISO weeks the CLI and the digest expect.

Asset-triggered and manual runs may have no data interval in Airflow 3, so the run's clock
falls back to ``run_after``. The weekly digest's week is the ISO week of the data interval's start in
Paris time; the digest code computes that week's bounds itself (167 or 169 hours across a
clock change).
"""

from __future__ import annotations

import datetime as dt

from storage.timeutil import iso_week, to_paris


def paris_date(moment: dt.datetime) -> dt.date:
    """The Europe/Paris calendar date of an aware moment."""
    return to_paris(moment).date()


def digest_week(data_interval_start: dt.datetime) -> str:
    """``YYYY-Www`` of the digest: the ISO week (Paris) that the data interval starts in."""
    return iso_week(data_interval_start)


def run_clock(data_interval_end: dt.datetime | None, dag_run: object | None) -> dt.datetime:
    """The moment a run stands for: its data-interval end, else when it was due to run.

    Manual and asset-triggered runs may have no data interval in Airflow 3; ``run_after``
    is always set. Never ``now()``: a rerun must see the same clock.
    """
    if data_interval_end is not None:
        return data_interval_end
    run_after = getattr(dag_run, "run_after", None)
    if run_after is None:
        raise ValueError("the run has neither a data interval nor run_after")
    return run_after

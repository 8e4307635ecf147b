"""Job directories of DAG crawl tasks: one per task instance (A17); Airflow ids → safe paths.

``aict crawl --jobdir DIR`` resumes an interrupted crawl from DIR, which must belong to one job
(crawlers/jobdir.py). A task instance crawling one batch of sources is that job: its retries and
a cleared rerun get the same directory, ``<root>/<dag_id>/<run_id>/<task_id>-<map_index>-<batch>``
(``<batch>``: a hash of the batch's slugs), and so resume where the timeout or the lost worker
stopped it. The batch is in the name so that map index 3 never resumes another batch's queue
(a cleared run reads its recorded batches back, ``batches.json`` in the run's directory, but a
run whose record is gone recomputes them). Airflow ids are made safe single path components (a run id such
as ``scheduled__2026-11-26T10:00:00+00:00`` holds ``:`` and ``+``; none may climb out with
``..``). The root is :func:`crawlers.jobdir.jobs_root` (``AICT_JOBS_DIR``, else
``$AIRFLOW_HOME/aict-jobs``); pruning idle directories is the crawler's own
(:func:`crawlers.jobdir.prune_jobdirs`, ``aict jobs prune``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from crawlers.jobdir import jobs_root

#: Characters kept as they are in a path component: no dot, so never ``.`` or ``..``.
_SAFE = re.compile(r"[A-Za-z0-9_-]{1,100}")
_UNSAFE_RUN = re.compile(r"[^A-Za-z0-9_-]+")


def path_component(value: str) -> str:
    """``value`` as one safe directory name; distinct values give distinct names.

    Safe values (letters, digits, ``_``, ``-``) are kept; any other is made readable with ``-``
    in place of the rest and suffixed with a hash of the original, so two run ids that differ
    only in punctuation never share a job directory.
    """
    if _SAFE.fullmatch(value):
        return value
    readable = _UNSAFE_RUN.sub("-", value).strip("-")[:80] or "id"
    digest = hashlib.sha256(value.encode("utf-8")).hexdigest()[:10]
    return f"{readable}-{digest}"


def batch_key(slugs: Sequence[str]) -> str:
    """A short stable name for a batch of sources (order does not matter)."""
    return hashlib.sha256("\n".join(sorted(set(slugs))).encode("utf-8")).hexdigest()[:10]


def job_path(
    root: Path,
    dag_id: str,
    run_id: str,
    task_id: str,
    map_index: int | None,
    slugs: Sequence[str] = (),
) -> Path:
    """The job directory of one task instance under ``root`` (always a descendant of it)."""
    index = "unmapped" if map_index is None or map_index < 0 else str(int(map_index))
    batch = f"-{batch_key(slugs)}" if slugs else ""
    leaf = path_component(f"{task_id}-{index}{batch}")
    return root / path_component(dag_id) / path_component(run_id) / leaf


class TaskIdentity(Protocol):
    """What a running task instance (Airflow's ``ti``) says about itself, as used here."""

    dag_id: str
    run_id: str
    task_id: str


def task_jobdir(ti: TaskIdentity, slugs: Sequence[str] = (), root: Path | None = None) -> Path:
    """The job directory of a running task instance (``ti`` from the task context) crawling
    ``slugs``.

    Creates the levels above it with mode 0700; ``aict crawl --jobdir`` creates and checks the
    directory itself.
    """
    root = jobs_root() if root is None else root
    path = job_path(
        root,
        str(ti.dag_id),
        str(ti.run_id),
        str(ti.task_id),
        getattr(ti, "map_index", None),
        slugs,
    )
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    for level in (path.parent.parent, path.parent):
        level.mkdir(mode=0o700, exist_ok=True)
    return path


def task_rundir(ti: TaskIdentity, root: Path | None = None) -> Path:
    """The directory of a running task's DAG run, ``<root>/<dag_id>/<run_id>`` (mode 0700).

    It holds the run's own state: its recorded batches (:func:`orchestration.batches.run_batches`)
    beside its crawl tasks' job directories, so a cleared run finds both again.
    """
    root = jobs_root() if root is None else root
    dag_dir = root / path_component(str(ti.dag_id))
    path = dag_dir / path_component(str(ti.run_id))
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    for level in (dag_dir, path):
        level.mkdir(mode=0o700, exist_ok=True)
    return path

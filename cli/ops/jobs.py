"""Job directories of DAG crawl tasks: one per task instance, pruned after a week (A17).

``aict crawl --jobdir DIR`` resumes an interrupted crawl from DIR, which must belong to one job
(crawlers/jobdir.py). A task instance crawling one batch of sources is that job: its retries and
a cleared rerun get the same directory, ``<root>/<dag_id>/<run_id>/<task_id>-<map_index>-<batch>``
(``<batch>``: a hash of the batch's slugs), and so resume where the timeout or the lost worker
stopped it. The batch is in the name so that map index 3 never resumes another batch's queue
(a cleared run reads its recorded batches back, ``batches.json`` in the run's directory, but a
run whose record is gone recomputes them). Airflow ids are made safe single path components (a run id such
as ``scheduled__2026-11-26T10:00:00+00:00`` holds ``:`` and ``+``; none may climb out with
``..``). The root is ``AICT_JOBS_DIR``, else ``$AIRFLOW_HOME/aict-jobs``. Directories nothing
has touched for :data:`KEEP_JOB_DAYS` days are removed by the maintenance DAG, unless a crawl
holds their lock.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import os
import re
import shutil
from collections.abc import Sequence
from pathlib import Path

from crawlers.jobdir import LOCK_NAME

KEEP_JOB_DAYS = 7
#: Characters kept as they are in a path component: no dot, so never ``.`` or ``..``.
_SAFE = re.compile(r"[A-Za-z0-9_-]{1,100}")
_UNSAFE_RUN = re.compile(r"[^A-Za-z0-9_-]+")


def jobs_root() -> Path:
    """``AICT_JOBS_DIR``, else ``$AIRFLOW_HOME/aict-jobs``, else ``./aict-jobs``."""
    explicit = os.environ.get("AICT_JOBS_DIR")
    if explicit:
        return Path(explicit)
    home = os.environ.get("AIRFLOW_HOME")
    return Path(home) / "aict-jobs" if home else Path("aict-jobs")


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


def task_jobdir(ti: object, slugs: Sequence[str] = (), root: Path | None = None) -> Path:
    """The job directory of a running task instance (``ti`` from the task context) crawling
    ``slugs``.

    Creates the levels above it with mode 0700; ``aict crawl --jobdir`` creates and checks the
    directory itself.
    """
    root = jobs_root() if root is None else root
    path = job_path(
        root,
        str(ti.dag_id),  # type: ignore[attr-defined]
        str(ti.run_id),  # type: ignore[attr-defined]
        str(ti.task_id),  # type: ignore[attr-defined]
        getattr(ti, "map_index", None),
        slugs,
    )
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    for level in (path.parent.parent, path.parent):
        level.mkdir(mode=0o700, exist_ok=True)
    return path


def task_rundir(ti: object, root: Path | None = None) -> Path:
    """The directory of a running task's DAG run, ``<root>/<dag_id>/<run_id>`` (mode 0700).

    It holds the run's own state: its recorded batches (:func:`cli.ops.batches.run_batches`)
    beside its crawl tasks' job directories, so a cleared run finds both again.
    """
    root = jobs_root() if root is None else root
    dag_dir = root / path_component(str(ti.dag_id))  # type: ignore[attr-defined]
    path = dag_dir / path_component(str(ti.run_id))  # type: ignore[attr-defined]
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    for level in (dag_dir, path):
        level.mkdir(mode=0o700, exist_ok=True)
    return path


def _newest_mtime(path: Path) -> float:
    """The latest modification time of ``path`` or anything under it (symlinks not followed)."""
    newest = path.lstat().st_mtime
    for dirpath, dirnames, filenames in os.walk(path):
        for name in dirnames + filenames:
            try:
                newest = max(newest, os.lstat(os.path.join(dirpath, name)).st_mtime)
            except FileNotFoundError:
                continue
    return newest


def _in_use(path: Path) -> bool:
    """True when a crawl holds the lock of a job directory somewhere under ``path``."""
    for lock in path.rglob(LOCK_NAME):
        if lock.is_symlink() or not lock.is_file():
            continue
        try:
            fd = os.open(lock, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        finally:
            os.close(fd)  # also drops our probe lock
    return False


def prune_jobdirs(root: Path, at: dt.datetime, days: int = KEEP_JOB_DAYS) -> list[Path]:
    """Remove the run directories under ``root`` untouched for ``days`` days before ``at``.

    ``root/<dag_id>/<run>`` goes as a whole when nothing inside changed since the cut-off and
    no crawl holds a lock in it; symlinks are never followed. Returns what was removed.
    """
    if not root.is_dir() or root.is_symlink():
        return []
    cutoff = (at - dt.timedelta(days=days)).timestamp()
    removed = []
    for dag_dir in sorted(root.iterdir()):
        if dag_dir.is_symlink() or not dag_dir.is_dir():
            continue
        for run_dir in sorted(dag_dir.iterdir()):
            if run_dir.is_symlink() or not run_dir.is_dir():
                continue
            if _newest_mtime(run_dir) >= cutoff or _in_use(run_dir):
                continue
            shutil.rmtree(run_dir)
            removed.append(run_dir)
    return removed

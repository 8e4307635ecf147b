"""The job directory of a resumable crawl (reliability.md A17): checked, locked, cleared.

Scrapy's ``JOBDIR`` keeps the pending requests, the seen-request fingerprints and
``spider.state`` between runs, so a crawl killed mid-run resumes where it stopped. Its files
are pickles, loaded on resume: whoever can write them can run code in the crawl. So a job
directory must be private (owned by the current user, not world-writable, nor anything inside
it), and it belongs to one job at a time (an exclusive ``flock`` held for the whole crawl and
released by the kernel even when the process is killed). After a crawl that finished, the state
is removed, so a rerun with the same directory starts afresh instead of skipping every URL as
already seen.

Job directories live under a root (``AICT_JOBS_DIR``, else ``$AIRFLOW_HOME/aict-jobs``): the
DAG tasks keep one per task instance there (``orchestration/jobs.py``), as
``<root>/<dag>/<run>/<task>``. :func:`prune_jobdirs` (``aict jobs prune``, run nightly by the
maintenance DAG) removes the run directories nothing has touched for :data:`KEEP_JOB_DAYS`
days, unless a crawl holds a lock in them.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import shutil
import stat
from dataclasses import dataclass
from pathlib import Path

from crawlers.environment import CrawlerSettings

LOCK_NAME = "aict-crawl.lock"
#: What Scrapy writes in a JOBDIR: the disk queues, the dupefilter, the spider's state.
STATE_NAMES = ("requests.queue", "requests.seen", "spider.state")
#: Days a run's job directories are kept after their last change.
KEEP_JOB_DAYS = 7


class JobDirError(ValueError):
    """A job directory that cannot be used; the message is one readable line."""


def unsafe_reason(mode: int, owner: int, uid: int) -> str | None:
    """Why a file with this mode and owner must not be trusted by user ``uid`` (None: fine)."""
    if owner != uid:
        return f"not owned by the current user (owner uid {owner}, ours {uid})"
    if mode & stat.S_IWOTH:
        return "world-writable"
    return None


def _entries(path: Path) -> list[Path]:
    """The directory and the state files in it that Scrapy would read back."""
    found = [path]
    for name in STATE_NAMES:
        entry = path / name
        if entry.is_dir() and not entry.is_symlink():
            found.extend(sorted(entry.rglob("*")))
        if entry.exists() or entry.is_symlink():
            found.append(entry)
    return found


def check_jobdir(path: Path, uid: int | None = None) -> Path:
    """Create ``path`` (mode 0700) if missing and check it can be trusted; its resolved path."""
    uid = os.geteuid() if uid is None else uid
    if not path.exists():
        try:
            path.mkdir(mode=0o700, parents=True)
        except OSError as exc:
            raise JobDirError(f"cannot create job directory {path}: {exc.strerror}") from None
    resolved = path.resolve()
    if not resolved.is_dir():
        raise JobDirError(f"job directory {path} is not a directory")
    for entry in _entries(resolved):
        info = entry.lstat() if entry != resolved else resolved.stat()
        reason = unsafe_reason(info.st_mode, info.st_uid, uid)
        if reason:
            where = "" if entry == resolved else f" ({entry.relative_to(resolved)})"
            raise JobDirError(
                f"job directory {path}{where} is {reason}; it holds pickles, "
                "use a private directory"
            )
    return resolved


def has_pending(path: Path) -> bool:
    """True when an interrupted crawl left requests queued in ``path``."""
    active = path / "requests.queue" / "active.json"
    try:
        return bool(json.loads(active.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return False


@dataclass
class JobDir:
    """A checked job directory, locked for this process until :meth:`release`."""

    path: Path
    _fd: int

    @classmethod
    def open(cls, path: Path) -> JobDir:
        """Check and lock ``path``; JobDirError when unsafe or in use by another crawl."""
        resolved = check_jobdir(path)
        lock = resolved / LOCK_NAME
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
        try:
            fd = os.open(lock, flags, 0o600)
        except OSError as exc:
            raise JobDirError(f"cannot lock job directory {path}: {exc.strerror}") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 32).decode("ascii", "replace").strip() or "?"
            os.close(fd)
            raise JobDirError(
                f"job directory {path} is in use by another crawl (pid {holder}); "
                "one job directory per job"
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        return cls(resolved, fd)

    def has_pending(self) -> bool:
        return has_pending(self.path)

    def clear(self) -> None:
        """Remove Scrapy's state after a finished crawl (the lock file stays, still held)."""
        for name in STATE_NAMES:
            entry = self.path / name
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            elif entry.exists() or entry.is_symlink():
                entry.unlink()

    def release(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)  # closing the descriptor drops the flock
            self._fd = -1


def jobs_root() -> Path:
    """``AICT_JOBS_DIR``, else ``$AIRFLOW_HOME/aict-jobs``, else ``./aict-jobs``."""
    return CrawlerSettings.from_env().jobs_dir


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

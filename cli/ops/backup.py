"""Online backup of a SQLite database with the backup API, verified by ``integrity_check``.

Copying the ``.db`` file while a crawl writes can give a corrupt copy (the WAL is not in it);
``sqlite3.Connection.backup`` copies a consistent snapshot page by page while writers go on
(reliability.md D4). The copy is checked before it counts as a backup; a failed check removes
it. PostgreSQL is backed up with ``pg_dump`` by the deployment, not here.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url

#: Pages copied per step; between steps other connections may write.


class BackupError(RuntimeError):
    """The backup could not be made or did not pass its integrity check."""


def sqlite_path(url: str) -> Path | None:
    """The database file of a ``sqlite:///…`` URL, or None for another backend or memory."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def integrity_errors(path: Path) -> list[str]:
    """``PRAGMA integrity_check`` of a database file; empty when it is sound."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
    finally:
        conn.close()
    return [] if rows == ["ok"] else rows


def backup_sqlite(source: Path, dest_dir: Path, stamp: str) -> Path:
    """Copy ``source`` online to ``dest_dir/<stem>-<stamp>.db`` and check the copy.

    ``stamp`` comes from the run (its logical date), so a rerun overwrites its own backup.
    """
    if not source.exists():
        raise BackupError(f"no database file at {source}")
    dest_dir.mkdir(parents=True, exist_ok=True)
    target = dest_dir / f"{source.stem}-{stamp}.db"
    partial = target.with_suffix(".db.partial")
    partial.unlink(missing_ok=True)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(partial)
    try:
        # One step: the copy reads one consistent WAL snapshot while writers go on. Copying in
        # small steps restarts whenever another connection writes, so a busy database could
        # never finish (seen with a continuous writer).
        src.backup(dst)
        # The copy inherits WAL mode; a self-contained file restores by a plain copy.
        dst.execute("PRAGMA journal_mode=DELETE")
    finally:
        dst.close()
        src.close()
    errors = integrity_errors(partial)
    if errors:
        partial.unlink(missing_ok=True)
        raise BackupError(f"backup of {source.name} failed integrity_check: {errors[0]}")
    partial.replace(target)
    return target


def backup_dir() -> Path:
    """``AICT_BACKUP_DIR``, else ``$AIRFLOW_HOME/backups``, else ``./backups``."""
    explicit = os.environ.get("AICT_BACKUP_DIR")
    if explicit:
        return Path(explicit)
    home = os.environ.get("AIRFLOW_HOME")
    return Path(home) / "backups" if home else Path("backups")

"""Running Alembic from code: upgrade to head, downgrade, current revision, drift check."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(engine: Engine | None = None) -> Config:
    """An Alembic Config pointing at the packaged migrations (no alembic.ini needed)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option(
        "file_template",
        "%%(year)d_%%(month).2d_%%(day).2d_%%(hour).2d%%(minute).2d-%%(rev)s_%%(slug)s",
    )
    if engine is not None:
        cfg.set_main_option(
            "sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%")
        )
    return cfg


@contextmanager
def migration_transaction(engine: Engine) -> Iterator[Connection]:
    """One transaction to migrate in; on SQLite with foreign keys off, checked before commit.

    SQLite's batch mode rebuilds a table by copying it, dropping the old one and renaming the
    copy; with ``foreign_keys=ON`` (every connection of ``make_engine``) that DROP cascades to
    the rows referencing it (feeds of sources, articles' tags…). The pragma is a no-op inside a
    transaction, so it is set before the transaction begins, on the DBAPI connection (SQLite's
    "other kinds of table schema changes" procedure), ``PRAGMA foreign_key_check`` must find
    nothing before commit, and enforcement is back on before the connection returns to the pool.
    """
    with engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        # driver_connection is typed Optional: None only once a connection is closed.
        if sqlite:
            conn.connection.driver_connection.execute("PRAGMA foreign_keys = OFF")  # type: ignore[union-attr]
        try:
            with conn.begin():
                yield conn
                if sqlite:
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
                    if broken:
                        raise RuntimeError(f"migration broke foreign keys: {broken[:5]}")
        finally:
            if sqlite:  # (Optional driver_connection: see above)
                conn.connection.driver_connection.execute("PRAGMA foreign_keys = ON")  # type: ignore[union-attr]


def _with_connection(engine: Engine, fn: Callable[..., None], *args: str) -> None:
    cfg = alembic_config(engine)
    with migration_transaction(engine) as conn:
        cfg.attributes["connection"] = conn
        fn(cfg, *args)


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Upgrade the schema (and views) to ``revision`` in one transaction."""
    _with_connection(engine, command.upgrade, revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Downgrade the schema to ``revision``."""
    _with_connection(engine, command.downgrade, revision)


def heads() -> list[str]:
    """The head revisions of the packaged migrations (there must be exactly one)."""
    return list(ScriptDirectory.from_config(alembic_config()).get_heads())


def check(engine: Engine) -> None:
    """Raise when the models and the migrated schema differ (``alembic check``)."""
    _with_connection(engine, command.check)

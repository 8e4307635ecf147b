"""Alembic environment: the URL comes from the Config (``storage.migrate``) or ``AICT_DATABASE_URL``."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

import models
from storage.engine import make_engine, resolve_url
from storage.migrate import migration_transaction

config = context.config
target_metadata = models.Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = resolve_url(config.get_main_option("sqlalchemy.url") or None)
    engine = make_engine(url)
    try:
        with migration_transaction(engine) as conn:
            _run(conn)
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline migrations are not supported: run `aict init`")
run_migrations_online()

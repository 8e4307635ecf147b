"""Database and SMTP settings from Airflow connections, read inside a task, never at parse time.

``aict_db`` falls back to ``AICT_DATABASE_URL`` (then the CLI default); ``aict_smtp`` falls back
to ``AICT_SMTP_URL``. Airflow's ``get_uri()`` spells PostgreSQL ``postgres://``, which
SQLAlchemy 2 refuses, so the URL goes through the storage layer's rewrite to
``postgresql+psycopg://``. The SMTP connection follows the SMTP provider's conventions
(``disable_ssl`` / ``disable_tls`` in extra, ``from_email`` as the sender).
:func:`observatory_engine` is the one way a task opens the observatory database in-process.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import quote

from sqlalchemy import Engine

from digest.environment import DigestSettings
from storage.engine import make_engine, resolve_url

DB_CONN_ID = "aict_db"
SMTP_CONN_ID = "aict_smtp"
SUBSCRIPTIONS_VARIABLE = "aict_subscriptions"
_TRUE = {"1", "true", "yes", "on"}


def _connection(conn_id: str) -> Any | None:
    """The Airflow connection, or None when it is not defined (or Airflow is not installed)."""
    try:
        from airflow.sdk import Connection
    except ImportError:  # the CLI and plain tests run without Airflow
        return None
    try:
        return Connection.get(conn_id)
    except Exception:  # noqa: BLE001 - "not found" has several types across Airflow versions
        return None


def database_url() -> str:
    """The observatory's SQLAlchemy URL: connection ``aict_db``, else ``AICT_DATABASE_URL``."""
    conn = _connection(DB_CONN_ID)
    if conn is not None:
        return resolve_url(conn.get_uri())
    return resolve_url(None)


@contextmanager
def observatory_engine() -> Iterator[Engine]:
    """An engine on :func:`database_url`, disposed when the block ends (even on error)."""
    engine = make_engine(database_url())
    try:
        yield engine
    finally:
        engine.dispose()


def _flag(extra: dict[str, Any], key: str) -> bool:
    value = extra.get(key, False)
    return value if isinstance(value, bool) else str(value).strip().lower() in _TRUE


def smtp_url_from_fields(
    host: str, port: int | None, login: str | None, password: str | None, extra: dict[str, Any]
) -> str:
    """The ``AICT_SMTP_URL`` equivalent of an SMTP-provider connection's fields.

    The provider uses implicit TLS unless ``disable_ssl`` and STARTTLS unless ``disable_tls``;
    the digest code takes one of the two, so implicit TLS wins when both are enabled.
    """
    implicit_tls = not _flag(extra, "disable_ssl")
    starttls = not implicit_tls and not _flag(extra, "disable_tls")
    scheme = "smtps" if implicit_tls else "smtp"
    auth = ""
    if login:
        auth = quote(login, safe="")
        if password:
            auth += ":" + quote(password, safe="")
        auth += "@"
    where = f"{host}:{port}" if port else host
    return f"{scheme}://{auth}{where}" + ("?starttls=true" if starttls else "")


def smtp_settings() -> tuple[str, str]:
    """``(smtp_url, sender)`` from connection ``aict_smtp``, else ``AICT_SMTP_URL``/``AICT_DIGEST_FROM``."""
    conn = _connection(SMTP_CONN_ID)
    settings = DigestSettings.from_env()
    sender = settings.sender
    if conn is None:
        return settings.smtp_url, sender
    extra = conn.extra_dejson or {}
    url = smtp_url_from_fields(conn.host or "", conn.port, conn.login, conn.password, extra)
    return url, str(extra.get("from_email") or sender)


def subscriptions_path() -> str | None:
    """The subscriptions YAML path: Variable ``aict_subscriptions``, else ``AICT_SUBSCRIPTIONS``."""
    try:
        from airflow.sdk import Variable

        value = Variable.get(SUBSCRIPTIONS_VARIABLE, default=None)
    except Exception:  # noqa: BLE001 - no Airflow, or no Variable: fall back to the environment
        value = None
    return value or DigestSettings.from_env().subscriptions

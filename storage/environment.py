"""What the storage layer reads from the environment, and the rules every layer's settings share.

Each layer reads its settings in one module (``storage``, ``crawlers``, ``nlp``, ``digest``,
``cli`` and ``orchestration``, each an ``environment.py``): a frozen dataclass built by
``from_env()`` when a setting is needed, never at import, since tests and parent processes set
variables after the modules are imported. The names and defaults are the README's
"Configuration" table; values are kept as given and parsed where they are used, so a bad value
fails where it always did, with the same message.

An ``AICT_*`` variable that nothing reads is most likely a typo (``AICT_DATABSE_URL`` silently
falling back to ``aict.db``): building any layer's settings logs one warning per such name, once
per process.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)

DEFAULT_URL = "sqlite:///aict.db"

#: Every ``AICT_*`` variable the project reads: the application's (README "Configuration"),
#: the scripts' and docker-compose's, the tests' and the developer tools'.
KNOWN_VARIABLES = frozenset(
    {
        # application (README "Configuration")
        "AICT_ALLOW_NETWORKS",
        "AICT_AS_OF",
        "AICT_BACKUP_DIR",
        "AICT_CACHE_DIR",
        "AICT_DATABASE_URL",
        "AICT_DEBUG",
        "AICT_DIGEST_FROM",
        "AICT_JOBS_DIR",
        "AICT_LOG_LEVEL",
        "AICT_SCRAPY_SETTINGS",
        "AICT_SMTP_URL",
        "AICT_SQL_HISTORY",
        "AICT_SUBSCRIPTIONS",
        "AICT_TAGGER_MODEL",
        "AICT_WORKER_HOSTNAME",
        # scripts/ (make airflow, airflow-demo, airflow-celery) and docker-compose.yml
        "AICT_AIRFLOW_DEMO_HOME",
        "AICT_CELERY_DB",
        "AICT_CELERY_PG",
        "AICT_CELERY_REDIS_DB",
        "AICT_DB_PASSWORD",
        "AICT_DB_USER",
        "AICT_DEMO_PORT",
        "AICT_IMAGE",
        "AICT_INIT_SOURCES",
        "AICT_STOP_AFTER",
        "AICT_STOP_GRACE_S",
        "AICT_VENV_BIN",
        "AICT_WORKER_LOG_PORTS",
        "AICT_WRITER_SLOTS",
        # tests and developer tools (nlp.training)
        "AICT_TEST_POSTGRES_URL",
        "AICT_TRAIN_CORRECTIONS_DB",
        "AICT_TRAIN_DEBUG",
    }
)
#: Families of variables: the tagger's cross-validation trials (``AICT_CV_<NAME>``).
KNOWN_PREFIXES = ("AICT_CV_",)

_warned: set[str] = set()


def unknown_variables(environ: Mapping[str, str]) -> list[str]:
    """The ``AICT_*`` names of ``environ`` that no setting reads, sorted."""
    return sorted(
        name
        for name in environ
        if name.startswith("AICT_")
        and name not in KNOWN_VARIABLES
        and not name.startswith(KNOWN_PREFIXES)
    )


def read_environment(environ: Mapping[str, str] | None = None) -> Mapping[str, str]:
    """``environ`` (the process environment by default), after warning about unknown names."""
    env = os.environ if environ is None else environ
    for name in unknown_variables(env):
        if name not in _warned:
            _warned.add(name)
            logger.warning(
                "unknown environment variable %s ignored (a typo? README.md lists the settings)",
                name,
            )
    return env


def default_dir(explicit: str | None, airflow_home: str | None, name: str) -> Path:
    """``explicit``, else ``$AIRFLOW_HOME/<name>``, else ``./<name>``: the directories the DAG
    tasks keep beside Airflow's home (nightly backups, crawl job directories)."""
    if explicit:
        return Path(explicit)
    return Path(airflow_home) / name if airflow_home else Path(name)


@dataclass(frozen=True)
class StorageSettings:
    #: ``AICT_DATABASE_URL``, else ``sqlite:///aict.db`` (``--db`` wins over both).
    database_url: str = DEFAULT_URL
    #: ``AICT_AS_OF``: "today" pinned (ISO date), for reproducible runs; None: the real today.
    as_of: str | None = None
    #: ``AICT_BACKUP_DIR``, else ``$AIRFLOW_HOME/backups``, else ``./backups``.
    backup_dir: Path = Path("backups")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> StorageSettings:
        env = read_environment(environ)
        return cls(
            database_url=env.get("AICT_DATABASE_URL") or DEFAULT_URL,
            as_of=env.get("AICT_AS_OF") or None,
            backup_dir=default_dir(env.get("AICT_BACKUP_DIR"), env.get("AIRFLOW_HOME"), "backups"),
        )

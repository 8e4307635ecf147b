"""What the Airflow side reads from the environment itself (README "Configuration"; the rules
are :mod:`storage.environment`'s). The database, mail and subscriptions come from Airflow's
connections and Variables first (:mod:`orchestration.connections`), the environment second.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from storage.environment import read_environment


@dataclass(frozen=True)
class OrchestrationSettings:
    #: ``AICT_WORKER_HOSTNAME``: the host name a Celery worker reports; None: the machine's.
    worker_hostname: str | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> OrchestrationSettings:
        env = read_environment(environ)
        return cls(worker_hostname=env.get("AICT_WORKER_HOSTNAME") or None)

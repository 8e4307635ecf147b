"""What sending the digest reads from the environment (README "Configuration"; the rules are
:mod:`storage.environment`'s), for ``aict digest`` and, when Airflow has no connection or
Variable for them, for the digest DAG.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from storage.environment import read_environment


@dataclass(frozen=True)
class DigestSettings:
    #: ``AICT_SMTP_URL``: ``smtp://user:pass@host:port[?starttls=true]`` or ``smtps://…``.
    smtp_url: str = ""
    #: ``AICT_DIGEST_FROM``: sender and unsubscribe address; empty: not set.
    sender: str = ""
    #: ``AICT_SUBSCRIPTIONS``: the subscriptions YAML (the DAG's fallback); None: not set.
    subscriptions: str | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> DigestSettings:
        env = read_environment(environ)
        return cls(
            smtp_url=env.get("AICT_SMTP_URL", ""),
            sender=env.get("AICT_DIGEST_FROM", ""),
            subscriptions=env.get("AICT_SUBSCRIPTIONS") or None,
        )

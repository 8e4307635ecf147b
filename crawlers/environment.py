"""What the crawler reads from the environment (README "Configuration"; the rules are
:mod:`storage.environment`'s): the allow-listed networks, Scrapy overrides and log level, and
where the DAG tasks keep their crawl job directories. Values are kept as given: the network
list and the overrides are parsed, and refused, by :mod:`crawlers.netpolicy` and
:mod:`crawlers.settings`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from storage.environment import default_dir, read_environment


@dataclass(frozen=True)
class CrawlerSettings:
    #: ``AICT_ALLOW_NETWORKS``: comma-separated CIDRs of otherwise refused networks.
    allow_networks: str = ""
    #: ``AICT_SCRAPY_SETTINGS``: a JSON object of Scrapy / ``AICT_*`` settings overrides.
    scrapy_overrides: str = ""
    #: ``AICT_LOG_LEVEL``: Scrapy's log level.
    log_level: str = "WARNING"
    #: ``AICT_JOBS_DIR``, else ``$AIRFLOW_HOME/aict-jobs``, else ``./aict-jobs``.
    jobs_dir: Path = Path("aict-jobs")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> CrawlerSettings:
        env = read_environment(environ)
        return cls(
            allow_networks=env.get("AICT_ALLOW_NETWORKS", ""),
            scrapy_overrides=env.get("AICT_SCRAPY_SETTINGS", ""),
            log_level=env.get("AICT_LOG_LEVEL", "WARNING"),
            jobs_dir=default_dir(env.get("AICT_JOBS_DIR"), env.get("AIRFLOW_HOME"), "aict-jobs"),
        )

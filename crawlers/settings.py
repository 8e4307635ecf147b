"""Scrapy settings of the observatory's crawl (reliability.md P-C1…P-C11), in one place.

:func:`crawl_settings` returns the production settings; the "loopback profile" (only when
every allow-listed network is loopback: tests and the demo web) relaxes politeness delays
and says so in the log. ``AICT_SCRAPY_SETTINGS`` (a JSON object) overrides individual
settings for tests and benchmarks; an unknown name is an error, not a silent no-op.
"""

from __future__ import annotations

import json
from typing import Any

from scrapy.settings import default_settings

from crawlers.environment import CrawlerSettings
from crawlers.netpolicy import NetworkPolicy

CONTACT_URL = "https://github.com/aict-observatory/aict-observatory#crawler"
USER_AGENT = f"AICT-Observatory/0.1 (+{CONTACT_URL}; veille presse regionale, non commercial)"
MIB = 1024 * 1024
HTML_MAXSIZE = 16 * MIB
FEED_MAXSIZE = 8 * MIB
ENV_OVERRIDES = "AICT_SCRAPY_SETTINGS"

#: Settings read by our own components (beside Scrapy's).
AICT_SETTINGS: dict[str, Any] = {
    "AICT_DATABASE_URL": None,
    "AICT_ROBOTS_CACHE_SECONDS": 24 * 3600,
    "AICT_ROBOTS_ERROR_RETRY_SECONDS": 3600,
    "AICT_ROBOTS_PARSE_LIMIT": 512 * 1024,
    "AICT_CRAWL_DELAY_CAP": 30.0,
    "AICT_LISTING_MAX_PAGES": 3,
    "AICT_ARTICLES_PER_FEED": 2000,
    "AICT_STORE_BATCH": 50,
    "AICT_FETCH_ARTICLES": True,
    # Seconds one article page may spend in the extraction worker before it is killed (B10).
    "AICT_EXTRACT_TIMEOUT": 30.0,
}

DOWNLOADER_MIDDLEWARES = {
    # Ours first (lowest numbers see requests first): policy on every hop, then robots.
    "crawlers.middlewares.netpolicy.NetworkPolicyMiddleware": 50,
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawlers.middlewares.robots.Rfc9309RobotsMiddleware": 100,
    # Below retries and decompression: parking pages (A21) on final, decoded responses.
    "crawlers.middlewares.parking.ParkingPageMiddleware": 540,
    "crawlers.middlewares.retry_after.RetryAfterMiddleware": 560,
    # Below the redirects (responses climb from high to low numbers): final responses only.
    "crawlers.middlewares.tls.TlsCheckMiddleware": 570,
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "crawlers.middlewares.redirects.LoopAwareRedirectMiddleware": 600,
}

#: The feed-state extension owns the crawl's one database engine; the pipelines borrow it.
EXTENSIONS = {"crawlers.extensions.feed_state.FeedState": 0}

ITEM_PIPELINES = {
    "crawlers.pipelines.validation.ValidationPipeline": 100,
    "crawlers.pipelines.boilerplate.BoilerplatePipeline": 150,
    "crawlers.pipelines.canonical_url.CanonicalUrlPipeline": 200,
    "crawlers.pipelines.dates.DatesPipeline": 300,
    "crawlers.pipelines.language.LanguagePipeline": 400,
    "crawlers.pipelines.dedup.TitleDedupPipeline": 500,
    "crawlers.pipelines.syndication.SyndicationPipeline": 600,
    "crawlers.pipelines.store.StorePipeline": 900,
}


def base_settings() -> dict[str, Any]:
    """Production settings (politeness and limits of reliability.md)."""
    return {
        "BOT_NAME": "aict",
        "USER_AGENT": USER_AGENT,
        "ROBOTSTXT_OBEY": True,
        "CONCURRENT_REQUESTS": 16,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 1,
        "DOWNLOAD_DELAY": 1.0,
        "AUTOTHROTTLE_ENABLED": True,
        "AUTOTHROTTLE_START_DELAY": 5.0,
        "AUTOTHROTTLE_MAX_DELAY": 60.0,
        "AUTOTHROTTLE_TARGET_CONCURRENCY": 1.0,
        "DOWNLOAD_TIMEOUT": 30,
        "DNS_TIMEOUT": 10,
        "DNSCACHE_SIZE": 40_000,
        "REACTOR_THREADPOOL_MAXSIZE": 20,
        "DOWNLOAD_MAXSIZE": HTML_MAXSIZE,
        "DOWNLOAD_WARNSIZE": 4 * MIB,
        "DOWNLOAD_FAIL_ON_DATALOSS": True,
        "RETRY_ENABLED": True,
        "RETRY_TIMES": 2,
        "RETRY_HTTP_CODES": [500, 502, 503, 504, 522, 524, 408, 429],
        "REDIRECT_MAX_TIMES": 5,
        "METAREFRESH_ENABLED": False,
        "COOKIES_ENABLED": False,
        "HTTPCACHE_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "REMOTE_CONTROL_ENABLED": False,
        "DOWNLOAD_HANDLERS": {"file": None, "data": None, "ftp": None, "s3": None},
        "MEMUSAGE_LIMIT_MB": 1500,
        # Scrapy lints every callback for "return value in a generator" by reading its source, on
        # every response (its cache is keyed by the bound method, a new object each time): a
        # third of the crawl's CPU on the demo replay. Our callbacks are tested instead.
        "WARN_ON_GENERATOR_RETURN_VALUE": False,
        # Breadth-first, in feed order: the first announced copy of a story is the one kept by
        # the title dedup, and index pages go out before the articles they announce.
        "DEPTH_PRIORITY": 1,
        "SCHEDULER_MEMORY_QUEUE": "scrapy.squeues.FifoMemoryQueue",
        "SCHEDULER_DISK_QUEUE": "scrapy.squeues.PickleFifoDiskQueue",
        "LOG_LEVEL": CrawlerSettings.from_env().log_level,
        "DOWNLOADER_MIDDLEWARES": DOWNLOADER_MIDDLEWARES,
        "ITEM_PIPELINES": ITEM_PIPELINES,
        "EXTENSIONS": EXTENSIONS,
        **AICT_SETTINGS,
    }


def loopback_profile() -> dict[str, Any]:
    """Relaxed politeness for allow-listed loopback servers only (one address per demo site)."""
    # A small positive delay, not 0: with DOWNLOAD_DELAY=0 Scrapy 2.19 starts every queued
    # request of a slot at once, so "one request in flight per host" would not hold.
    return {"DOWNLOAD_DELAY": 0.01, "AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_TIMEOUT": 20}


def env_overrides(environ: dict[str, str] | None = None) -> dict[str, Any]:
    """``AICT_SCRAPY_SETTINGS`` as a dict; unknown names or bad JSON raise ValueError."""
    raw = CrawlerSettings.from_env(environ).scrapy_overrides.strip()
    if not raw:
        return {}
    try:
        data = json.loads(raw)
    except ValueError:
        raise ValueError(f"{ENV_OVERRIDES} is not a JSON object") from None
    if not isinstance(data, dict):
        raise ValueError(f"{ENV_OVERRIDES} is not a JSON object")
    for name in data:
        if not hasattr(default_settings, name) and name not in AICT_SETTINGS:
            raise ValueError(f"{ENV_OVERRIDES}: unknown setting {name!r}")
        if name == "JOBDIR":
            # A job directory holds pickles and belongs to one job: only through the checks.
            raise ValueError(f"{ENV_OVERRIDES}: JOBDIR is set with `aict crawl --jobdir DIR`")
    return data


def crawl_settings(
    database_url: str, policy: NetworkPolicy, overrides: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Settings for one crawl process."""
    settings = base_settings()
    settings["AICT_DATABASE_URL"] = database_url
    if policy.covers_loopback_only():
        settings.update(loopback_profile())
    settings.update(env_overrides())
    settings.update(overrides or {})
    return settings

"""Network policy, schedule and Retry-After arithmetic, settings overrides (pure)."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from crawlers import schedule
from crawlers.middlewares.retry_after import retry_after_seconds
from crawlers.netpolicy import NetworkPolicy, PolicyError, check_url, parse_networks
from crawlers.settings import base_settings, crawl_settings, env_overrides


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "127.0.0.2",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "::1",
        "fc00::1",
        "fe80::1",
        "0.0.0.0",
        "224.0.0.1",
    ],
)
def test_internal_addresses_refused_by_default(address: str) -> None:
    assert not NetworkPolicy().address_allowed(address)


def test_allow_list_is_explicit() -> None:
    policy = NetworkPolicy(parse_networks("127.0.30.0/24"))
    assert policy.address_allowed("127.0.30.7")
    assert not policy.address_allowed("127.0.0.2")
    assert policy.address_allowed("93.184.215.14")
    assert policy.covers_loopback_only()
    assert not NetworkPolicy(parse_networks("10.0.0.0/8")).covers_loopback_only()
    with pytest.raises(PolicyError, match="invalid network"):
        parse_networks("127.0.0.0/33")
    with pytest.raises(PolicyError, match="non-public"):
        policy.check_addresses("intranet.example", ["10.0.0.5"])


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://x.fr/", "javascript:alert(1)", "gopher://x/"]
)
def test_only_http_and_https(url: str) -> None:
    with pytest.raises(PolicyError):
        check_url(url)


def test_adaptive_interval_within_bounds() -> None:
    press = schedule.bounds_for("press", "rss")
    assert (press.default, press.low, press.high) == (30, 10, 360)
    assert schedule.adapt_interval(30, new_items=0, total_items=20, bounds=press) == 45
    assert schedule.adapt_interval(30, new_items=15, total_items=20, bounds=press) == 15
    assert schedule.adapt_interval(12, new_items=20, total_items=20, bounds=press) == 10
    assert schedule.adapt_interval(300, new_items=0, total_items=20, bounds=press) == 360
    # A few new items in a long press feed: a busy title, never slowed past an hour.
    assert schedule.adapt_interval(30, new_items=2, total_items=50, bounds=press) == 30
    assert schedule.adapt_interval(360, new_items=2, total_items=50, bounds=press) == 60
    assert schedule.adapt_interval(15, new_items=2, total_items=50, bounds=press) == 15
    listing = schedule.bounds_for("council", "listing")
    assert (listing.default, listing.low, listing.high) == (720, 360, 1440)


def test_linear_backoff_and_weights() -> None:
    assert schedule.failure_weight(404, "http") == 0.5
    assert schedule.failure_weight(503, "http") == 0.5
    assert schedule.failure_weight(403, "http") == 1.0
    assert schedule.failure_weight(None, "timeout") == 0.25
    assert schedule.failure_weight(None, "dns") == 0.5
    assert schedule.failure_weight(None, "policy") == 1.0
    assert schedule.backoff_delay(30, 3) == dt.timedelta(minutes=90)
    assert schedule.backoff_delay(360, 10) == dt.timedelta(hours=24)
    assert schedule.backoff_delay(360, 31) == dt.timedelta(hours=6 * 31)  # cap lifts to 30 days
    assert schedule.backoff_delay(1440, 40) == dt.timedelta(days=30)


def test_retry_after() -> None:
    assert retry_after_seconds(b"120") == 120
    assert retry_after_seconds(b"9999999") == 24 * 3600
    assert retry_after_seconds(b"Wed, 21 Oct 2015 07:28:00 GMT", now=1445412480 - 60) == 60
    assert retry_after_seconds(b"bientot") is None
    delay = schedule.retry_after_delay(120, 429, random.Random(1))
    assert dt.timedelta(seconds=120) <= delay <= dt.timedelta(seconds=120, minutes=60)
    assert schedule.retry_after_delay(120, 503) == dt.timedelta(seconds=120)


def test_settings_promises() -> None:
    s = base_settings()
    assert s["ROBOTSTXT_OBEY"] and s["CONCURRENT_REQUESTS_PER_DOMAIN"] == 1
    assert s["DOWNLOAD_DELAY"] >= 1 and s["AUTOTHROTTLE_ENABLED"]
    assert s["DOWNLOAD_TIMEOUT"] == 30 and s["REDIRECT_MAX_TIMES"] == 5
    assert s["DOWNLOAD_MAXSIZE"] == 16 * 1024 * 1024
    assert not s["TELNETCONSOLE_ENABLED"] and not s["REMOTE_CONTROL_ENABLED"]
    assert s["DOWNLOAD_HANDLERS"]["file"] is None and "+http" in s["USER_AGENT"]
    relaxed = crawl_settings("sqlite://", NetworkPolicy(parse_networks("127.0.30.0/24")))
    # Relaxed but positive: with 0, Scrapy 2.19 does not keep one request in flight per host.
    assert 0 < relaxed["DOWNLOAD_DELAY"] < 0.1
    strict = crawl_settings("sqlite://", NetworkPolicy(parse_networks("10.0.0.0/8")))
    assert strict["DOWNLOAD_DELAY"] == 1.0


def test_setting_overrides_are_checked() -> None:
    assert env_overrides({"AICT_SCRAPY_SETTINGS": '{"DOWNLOAD_TIMEOUT": 3}'}) == {
        "DOWNLOAD_TIMEOUT": 3
    }
    with pytest.raises(ValueError, match="unknown setting"):
        env_overrides({"AICT_SCRAPY_SETTINGS": '{"DOWNLOAD_TIMEOUTT": 3}'})

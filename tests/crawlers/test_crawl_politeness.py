"""Politeness towards the sites: robots.txt rules, its unavailability, its size cap and its
redirects; Crawl-delay; one request in flight per address; Retry-After (P-C1, P-C3, A1–A6).

Reads the fault web and the gap web (``tests/crawlers/conftest.py``).
"""

from __future__ import annotations

from tests.crawlers.faultweb import FaultWeb
from tests.crawlers.gapweb import SHARED_SITES, GapWeb


def test_robots_5xx_means_complete_disallow(web: FaultWeb) -> None:
    assert web.sites["robots503"].hits["/rss.xml"] == 0
    status, error, failures = web.health("fault-robots503")
    assert status == "disallowed" and "503" in error and failures > 0


def test_robots_rules_and_crawl_delay(web: FaultWeb) -> None:
    good = web.sites["good"]
    assert good.hits["/prive/note"] == 0
    assert good.max_in_flight == 1
    pages = [t for path, t in good.arrivals if path.startswith("/a")]
    gaps = [b - a for a, b in zip(pages, pages[1:], strict=False)]
    assert gaps and min(gaps) >= 0.5  # Crawl-delay: 1, randomised down to 0.5×


def test_a3_big_robots_rule_within_cap_obeyed(gaps: GapWeb) -> None:
    site = gaps.sites["bigrobots"]
    assert site.hits["/robots.txt"] == 2  # once per crawl process, two crawls
    assert site.hits["/early"] == 0  # within the 512 KiB parsed
    assert site.hits["/late"] == 1  # after 600 KiB: past the cap, not parsed
    assert gaps.article_urls("gap-bigrobots") == [site.url("/late"), site.url("/ok")]


def test_a3_robots_behind_five_redirects_followed(gaps: GapWeb) -> None:
    site = gaps.sites["robotshops"]
    assert site.hits["/robots-final"] == 2  # once per crawl, through five 301s
    assert all(site.hits[p] == 2 for p in ("/r1", "/r2", "/r3", "/r4"))
    assert site.hits["/blocked"] == 0
    assert gaps.article_urls("gap-robotshops") == [site.url("/fine")]


def test_a5_one_request_in_flight_per_ip(gaps: GapWeb) -> None:
    # 20 host:port pairs on one address: 20 robots.txt, 20 feeds, 40 articles, one at a time.
    assert gaps.shared.total >= SHARED_SITES * 4
    assert gaps.shared.peak == 1
    stored = sum(len(gaps.article_urls(f"gap-shared{n:02d}")) for n in range(SHARED_SITES))
    assert stored == SHARED_SITES * 2


def test_retry_after_honoured(web: FaultWeb) -> None:
    # No immediate retry of the 429, and the second crawl (explicitly naming the source)
    # still waits: Retry-After is the server's request, honoured whatever the schedule.
    assert web.sites["throttled"].hits["/rss.xml"] == 1
    status, _, failures = web.health("fault-throttled")
    assert status == "backoff" and failures == 0.5
    (next_at,) = web.query(
        "SELECT next_fetch_at FROM feeds WHERE url = :u", u=web.sites["throttled"].url("/rss.xml")
    )[0]
    assert next_at is not None

"""Size and time bounds hold through a real crawl: compression bombs, trickling bodies, oversized
pages and feeds, deeply nested and slow-to-extract pages (reliability.md A7, A9, B10).

Reads the fault web and the gap web (``tests/crawlers/conftest.py``).
"""

from __future__ import annotations

import re

import pytest

from tests.crawlers.faultweb import FaultWeb
from tests.crawlers.gapweb import EXTRACT_TIMEOUT_LINE, GapWeb


@pytest.mark.parametrize("slug", ["fault-gzipbomb", "fault-brbomb"])
def test_compression_bombs_stopped(web: FaultWeb, slug: str) -> None:
    status, error, _ = web.health(slug)
    assert status == "error" and "MAXSIZE" in error.upper()


def test_trickling_body_times_out(web: FaultWeb) -> None:
    status, error, _ = web.health("fault-trickle")
    assert status == "error" and "timeout" in error.lower()


def test_a9_oversized_article_refused_nothing_stored(gaps: GapWeb) -> None:
    site = gaps.sites["hugepage"]
    assert site.hits["/huge"] >= 1
    assert gaps.article_urls("gap-hugepage") == [site.url("/small")]


@pytest.mark.parametrize("slug", ["gap-hugefeed", "gap-chunkedfeed"])
def test_a9_oversized_feed_is_a_source_error(gaps: GapWeb, slug: str) -> None:
    status, error = gaps.health(slug)
    message = (error or "").upper().replace(" ", "")
    assert status == "error" and "MAXSIZE" in message
    if slug == "gap-hugefeed":
        assert "(8388608)" in message  # the 8 MiB feed limit, not the 16 MiB HTML one
    assert gaps.article_urls(slug) == []


def test_b10_deeply_nested_page_bounded(gaps: GapWeb) -> None:
    site = gaps.sites["deep"]
    assert site.hits["/deep"] == 1
    assert gaps.elapsed < 60
    # The 5 MiB nested page ends within the timeout (the parser gives up on the depth).
    assert site.url("/deep") in gaps.article_urls("gap-deep")
    assert site.url("/flat") in gaps.article_urls("gap-deep")  # the source kept going


def test_b10_slow_page_killed_at_timeout_worker_replaced(gaps: GapWeb) -> None:
    site = gaps.sites["deep"]
    assert site.hits["/slow"] == 1
    # Recorded as failed with its reason: in the log line and in the crawl summary.
    assert EXTRACT_TIMEOUT_LINE.findall(gaps.run.stderr) == [site.url("/slow")]
    assert re.search(r"article pages not stored: .*\b1 extraction timeout\b", gaps.run.stdout)
    assert site.url("/slow") not in gaps.article_urls("gap-deep")
    # /flat was extracted after /slow (same slot, one worker, in order): by the new worker.
    assert site.url("/flat") in gaps.article_urls("gap-deep")

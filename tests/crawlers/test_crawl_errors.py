"""A failing source is recorded and never stops the others: exit code 3, no traceback, each
failure in the source's health with its kind (reliability.md A10, A11, A14, A15; P-C2).

Reads the fault web (:mod:`tests.crawlers.faultweb`) and the gap web (:mod:`tests.crawlers.gapweb`),
crawled once per database for the session (``tests/crawlers/conftest.py``).
"""

from __future__ import annotations

from tests.crawlers.faultweb import FaultWeb
from tests.crawlers.gapweb import GapWeb


def test_exit_code_3_and_healthy_sources_ingested(web: FaultWeb) -> None:
    first = web.runs[0]
    assert first.returncode == 3, first.stderr[-3000:]
    assert "Traceback" not in first.stderr
    assert len(web.articles("fault-good")) == 4  # a1 (3 variants), a2, a3, a5
    assert len(web.articles("fault-malformed")) == 2
    assert web.health("fault-good")[0] in ("ok", "not_modified")  # after the 2nd crawl


def test_crawl_finishes_without_traceback(gaps: GapWeb) -> None:
    assert gaps.run.returncode == 3, gaps.run.stderr[-3000:]  # some sources fail, on purpose
    assert "Traceback" not in gaps.run.stderr


def test_redirect_loop_reported(web: FaultWeb) -> None:
    status, error, _ = web.health("fault-loop")
    assert status == "error" and "redirect loop" in error
    assert sum(web.sites["loop"].hits.values()) <= 6 + 1  # + robots.txt


def test_dead_host_is_a_failure_not_a_crash(web: FaultWeb) -> None:
    status, _, failures = web.health("fault-dead")
    assert status == "error" and failures == 0.5  # refused connection: 0.25 (temporary) × 2 crawls


def test_unknown_host_is_a_soft_dns_failure(web: FaultWeb) -> None:
    status, error, failures = web.health("fault-nodns")
    assert status == "error" and "nowhere.invalid" in error
    assert failures == 1.0  # DNS failure: 0.5 (soft) × 2 crawls


def test_truncated_body_never_stored(web: FaultWeb) -> None:
    assert web.sites["partial"].hits["/cut"] >= 1
    assert web.articles("fault-partial") == []


def test_malformed_feed_kept_and_billion_laughs_harmless(web: FaultWeb) -> None:
    assert web.health("fault-malformed")[0] in ("ok", "not_modified")
    assert web.health("fault-laughs")[0] in ("ok", "not_modified", "error")
    assert all("lol" * 100 not in a.title for a in web.articles("fault-laughs"))

"""Sites that changed hands (A21) through real crawls: a council redirected to another domain or
turned parking page is quarantined, skipped by the next crawls, and reinstated by an operator.

Reads the trust web (:mod:`tests.crawlers.trustweb`, ``tests/crawlers/conftest.py``).
"""

from __future__ import annotations

from crawlers.plan import build_plan
from storage.engine import make_engine
from tests.crawlers.trustweb import COUNCILS, TrustWeb


def test_a21_redirect_to_other_domain_quarantines(trust: TrustWeb) -> None:
    status, reason, since = trust.statuses["trust-moved"]
    elsewhere = trust.sites["trust-elsewhere"]
    assert status == "suspect" and since is not None
    assert "redirected to another domain" in reason and elsewhere.host in reason
    assert sum(elsewhere.hits.values()) == 0  # the other host was never contacted
    assert trust.articles("trust-moved") == trust.before["trust-moved"]  # old content kept
    assert len(trust.before["trust-moved"]) == 2


def test_a21_parking_page_quarantines_and_stores_nothing(trust: TrustWeb) -> None:
    status, reason, _ = trust.statuses["trust-parked"]
    assert status == "suspect"
    assert "parking page" in reason and "/rss.xml" in reason
    kept = trust.articles("trust-parked")
    assert kept == trust.before["trust-parked"] and len(kept) == 2
    assert all("vendre" not in body for _, body in kept)
    assert trust.sites["trust-parked"].hits["/a3"] == 0


def test_a21_crawl_reports_quarantine_and_others_go_on(trust: TrustWeb) -> None:
    second = trust.runs[1]
    assert second.returncode == 3, second.stderr[-3000:]
    assert "Traceback" not in second.stderr
    for slug in ("trust-moved", "trust-parked"):
        assert f"aict: quarantined {slug} (suspect: " in second.stderr
    assert "stored 1 article" in second.stdout  # steady's new article
    steady = trust.sites["trust-steady"]
    assert [u for u, _ in trust.articles("trust-steady")][-1] == steady.url("/a3")
    assert trust.statuses["trust-steady"][0] == "active"
    errors = trust.query(
        "SELECT h.source_slug, h.status, h.last_error FROM v_source_health h "
        "WHERE h.source_slug IN ('trust-moved', 'trust-parked') ORDER BY 1"
    )
    assert [(slug, status) for slug, status, _ in errors] == [
        ("trust-moved", "error"),
        ("trust-parked", "error"),
    ]


def test_a21_third_crawl_skips_suspect_sources(trust: TrustWeb) -> None:
    third = trust.runs[2]
    assert third.returncode == 0, third.stderr[-3000:]
    assert "skipped suspect source trust-moved (redirected to another domain" in third.stderr
    assert "skipped suspect source trust-parked (parking page" in third.stderr
    for slug in ("trust-moved", "trust-parked", "trust-elsewhere"):
        assert trust.hits[2][slug] == trust.hits[1][slug], slug  # not one request
    assert trust.hits[2]["trust-steady"] > trust.hits[1]["trust-steady"]


def test_a21_list_health_and_reinstate(trust: TrustWeb) -> None:
    listed = {line.split("\t")[0]: line for line in trust.cli["list"].stdout.splitlines()}
    assert listed["trust-moved"].startswith("trust-moved\tcouncil\tsuspect\t1 feed\t")
    assert "redirected to another domain" in listed["trust-moved"]
    assert listed["trust-steady"].startswith("trust-steady\tcouncil\tenabled\t")
    failing = trust.cli["failing"].stdout
    assert "trust-parked\terror" in failing and "source suspect since " in failing
    assert "trust-steady" not in failing
    assert trust.cli["reinstate"].exit_code == 0
    assert trust.cli["reinstate"].stdout.strip() == "reinstated trust-moved (was suspect)"
    assert trust.cli["again"].stdout.strip() == "trust-moved is already active"
    unknown = trust.cli["unknown"]
    assert unknown.exit_code == 1
    assert unknown.stderr.strip() == "aict: error: unknown source 'nope' (see `aict sources list`)"
    after = {line.split("\t")[0]: line for line in trust.cli["list-after"].stdout.splitlines()}
    assert after["trust-moved"].startswith("trust-moved\tcouncil\tenabled\t")
    assert trust.status("trust-moved")[:2] == ("active", None)
    engine = make_engine(trust.db_url)
    try:
        plan = build_plan(engine, slugs=list(COUNCILS), due_only=False)
    finally:
        engine.dispose()
    assert [t.source_slug for t in plan.feeds] == ["trust-moved", "trust-steady"]
    assert plan.skipped_suspect.keys() == {"trust-parked"}

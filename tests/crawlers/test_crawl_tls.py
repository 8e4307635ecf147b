"""TLS certificates (A19) through real crawls: a self-signed or misnamed certificate is crawled
and flagged, a verified one and plain HTTP are not, and health says "TLS unverified".

Reads the trust web (:mod:`tests.crawlers.trustweb`, ``tests/crawlers/conftest.py``).
"""

from __future__ import annotations

from tests.crawlers.trustweb import TrustWeb


def test_a19_invalid_certificates_crawled_and_flagged(trust: TrustWeb) -> None:
    first = trust.runs[0]
    assert first.returncode == 0, first.stderr[-3000:]
    assert "Traceback" not in first.stderr
    for slug in ("trust-selfsigned", "trust-wrongname"):
        site = trust.sites[slug]
        assert [url for url, _ in trust.articles(slug)] == [site.url("/a1"), site.url("/a2")]
        assert trust.tls(slug) in (False, 0), slug  # stored, and flagged


def test_a19_verified_and_plain_http(trust: TrustWeb) -> None:
    assert len(trust.articles("trust-verified")) == 2
    assert trust.tls("trust-verified") in (True, 1)  # chain to the trusted CA, address matches
    assert len(trust.articles("trust-plain")) == 2
    assert trust.tls("trust-plain") is None  # never fetched over HTTPS


def test_a19_health_shows_tls_note(trust: TrustWeb) -> None:
    lines = {line.split("\t")[0]: line for line in trust.cli["health"].stdout.splitlines()}
    assert lines["trust-selfsigned"].endswith("TLS unverified")
    assert lines["trust-wrongname"].endswith("TLS unverified")
    assert "TLS" not in lines["trust-verified"] and "TLS" not in lines["trust-plain"]

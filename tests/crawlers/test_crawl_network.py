"""What the crawl touches on the network: the internal target is never reached, whatever the hop
(feed redirect, article redirect, XML entity), and the crawl opens no listening port (A12, A20).

Reads the fault web and the gap web (``tests/crawlers/conftest.py``).
"""

from __future__ import annotations

from tests.crawlers.faultweb import FaultWeb
from tests.crawlers.gapweb import GapWeb


def test_ssrf_refused_at_every_hop(web: FaultWeb) -> None:
    assert sum(web.internal.hits.values()) == 0  # feed redirect, article redirect, XML entity
    status, error, _ = web.health("fault-ssrf")
    assert status == "refused" and "127.0.0.2" in error
    assert web.sites["good"].hits["/go-internal"] == 1


def test_a20_crawl_opens_no_listening_port(gaps: GapWeb) -> None:
    assert gaps.samples >= 3  # the watcher really looked while the crawl ran
    assert gaps.listeners == set()

"""The three loopback webs of the end-to-end crawl tests, each built and crawled once per
database for the whole session and read by several behaviour modules (``test_crawl_*.py``).

A web's crawls happen while the fixture is set up; tests only read what the servers saw and
what was stored, so sharing one web across modules changes no result.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import DIALECTS
from tests.crawlers.faultweb import FaultWeb, fault_web
from tests.crawlers.gapweb import GapWeb, gap_web
from tests.crawlers.trustweb import TrustWeb, trust_web


@pytest.fixture(scope="session", params=DIALECTS)
def web(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[FaultWeb]:
    """The fault web (:mod:`tests.crawlers.faultweb`), crawled twice."""
    with fault_web(request, tmp_path_factory.mktemp("faultweb")) as built:
        yield built


@pytest.fixture(scope="session", params=DIALECTS)
def gaps(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[GapWeb]:
    """The gap web (:mod:`tests.crawlers.gapweb`), crawled twice."""
    with gap_web(request, tmp_path_factory.mktemp("gapweb")) as built:
        yield built


@pytest.fixture(scope="session", params=DIALECTS)
def trust(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TrustWeb]:
    """The trust web (:mod:`tests.crawlers.trustweb`), crawled three times."""
    with trust_web(request, tmp_path_factory.mktemp("trustweb")) as built:
        yield built

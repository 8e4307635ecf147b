"""A second crawl fetches and stores only what changed: conditional requests, body hashes against
lying validators, a new version for an edited article (B9, A18).

Reads the fault web and the gap web (``tests/crawlers/conftest.py``).
"""

from __future__ import annotations

from tests.crawlers.faultweb import FaultWeb
from tests.crawlers.gapweb import GapWeb


def test_second_crawl_adds_no_rows_but_a_version_for_an_edit(web: FaultWeb) -> None:
    first, second = web.counts
    assert web.runs[1].returncode == 3
    assert second["articles"] == first["articles"]
    assert second["raw_pages"] == first["raw_pages"]
    assert second["article_versions"] == first["article_versions"] + 1  # only the edited article
    assert web.health("fault-good")[0] == "not_modified"
    assert web.sites["good"].hits["/a3"] == 1
    (e1,) = web.articles("fault-edited")
    assert "reporté" in e1.text


def test_a18_same_body_new_etag_is_not_modified(gaps: GapWeb) -> None:
    site = gaps.sites["rotatingetag"]
    assert site.hits["/rss.xml"] == 2 and site.hits["/e1"] == 1
    assert gaps.health("gap-rotatingetag")[0] == "not_modified"  # by body hash
    assert gaps.article_urls("gap-rotatingetag") == [site.url("/e1")]


def test_a18_new_body_same_etag_stores_new_items(gaps: GapWeb) -> None:
    assert gaps.second.returncode == 3, gaps.second.stderr[-3000:]
    site = gaps.sites["constetag"]
    assert gaps.article_urls("gap-constetag") == [site.url("/c1"), site.url("/c2")]
    assert gaps.counts[1] == gaps.counts[0] + 1  # only c2 is new in the second crawl

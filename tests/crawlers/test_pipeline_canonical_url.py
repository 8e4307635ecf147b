"""CanonicalUrlPipeline on its own: the normalised key (tracking parameters and fragment out),
kept when already set, and a canonical URL only when it is crawlable."""

from __future__ import annotations

import pytest
from scrapy.exceptions import DropItem

from crawlers.pipelines.canonical_url import CanonicalUrlPipeline
from crawlers.records import ArticleItem
from tests.crawlers.pipeline_items import item


def _item(url: str, canonical: str | None = None, normalized: str = "") -> ArticleItem:
    article = item(1, "https://journal.example/a1", "Conseil municipal")
    article.url, article.normalized_url, article.page.canonical_url = url, normalized, canonical
    return article


def test_the_normalised_key_drops_tracking_and_fragment() -> None:
    article = _item("http://www.journal.example/a1?utm_source=rss&xtor=RSS-3208#commentaires")
    assert CanonicalUrlPipeline().process_item(article).normalized_url == (
        "https://journal.example/a1"
    )


def test_a_key_already_set_is_kept() -> None:
    article = _item("https://journal.example/a1?page=2", normalized="https://journal.example/a1")
    assert CanonicalUrlPipeline().process_item(article).normalized_url == (
        "https://journal.example/a1"
    )


def test_an_uncrawlable_url_is_dropped() -> None:
    with pytest.raises(DropItem, match="not a crawlable URL"):
        CanonicalUrlPipeline().process_item(_item("javascript:alert(1)"))


@pytest.mark.parametrize(
    "canonical, kept",
    [
        ("https://journal.example/a1", "https://journal.example/a1"),
        ("javascript:void(0)", None),
        ("/a1", None),
        (None, None),
    ],
)
def test_only_a_crawlable_canonical_is_kept(canonical: str | None, kept: str | None) -> None:
    article = _item("https://journal.example/a1", canonical)
    assert CanonicalUrlPipeline().process_item(article).page.canonical_url == kept

"""ValidationPipeline on its own: only crawlable URLs, cleaned title and text, something
extracted, and a short press page kept as a flagged teaser (B8)."""

from __future__ import annotations

import pytest
from scrapy.exceptions import DropItem

from crawlers.pipelines.validation import ValidationPipeline
from crawlers.records import ArticleItem
from tests.crawlers.pipeline_items import STORY, item

URL = "https://journal.example/ville/conseil"


def _item(title: str = "Conseil municipal", text: str = STORY * 2, **fields: object) -> ArticleItem:
    article = item(1, URL, title, text)
    for name, value in fields.items():
        setattr(article, name, value)
    return article


def test_title_and_text_are_cleaned() -> None:
    article = _item("  Conseil\u0085 municipal\n du  3 mars ", f"{STORY}\r\n\r\n\r\n\x00{STORY}")
    kept = ValidationPipeline().process_item(article)
    assert kept.page.title == "Conseil municipal du 3 mars"
    assert kept.page.text == f"{STORY.strip()}\n\n{STORY.strip()}"
    assert not kept.page.text_truncated


def test_the_feed_title_stands_in_for_a_missing_one() -> None:
    article = _item("", feed_title="Titre du flux")
    assert ValidationPipeline().process_item(article).page.title == "Titre du flux"


@pytest.mark.parametrize("url", ["javascript:alert(1)", "file:///etc/passwd", "/relative/path"])
def test_an_uncrawlable_url_is_dropped(url: str) -> None:
    with pytest.raises(DropItem, match="not a crawlable URL"):
        ValidationPipeline().process_item(_item(url=url))


def test_nothing_extracted_is_dropped() -> None:
    with pytest.raises(DropItem, match=f"nothing extracted from {URL}"):
        ValidationPipeline().process_item(_item(" ", "\x00\n "))


def test_a_short_press_page_is_kept_as_a_flagged_teaser() -> None:
    teaser = ValidationPipeline().process_item(_item(text="Le conseil a voté le budget."))
    assert teaser.page.text_truncated


@pytest.mark.parametrize("kind, paywalled", [("council", False), ("press", True)])
def test_short_council_pages_and_paywalled_pages_are_not_flagged_teasers(
    kind: str, paywalled: bool
) -> None:
    article = _item(text="Le conseil a voté le budget.", source_kind=kind)
    article.page.paywalled = paywalled
    assert not ValidationPipeline().process_item(article).page.text_truncated

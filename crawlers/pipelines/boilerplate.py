"""Boilerplate lines out of the article text (issue 12, item 7), after validation's hygiene.

The pure work is :func:`crawlers.cleaning.strip_boilerplate`; the paywall flag was decided by
extraction on the text as published, before its registration-wall lines go.
"""

from __future__ import annotations

from crawlers.cleaning import strip_boilerplate
from crawlers.records import ArticleItem


class BoilerplatePipeline:
    def process_item(self, item: ArticleItem) -> ArticleItem:
        item.page.text = strip_boilerplate(item.page.text)
        return item

"""Language of the text (py3langid), recorded so non-French items can be skipped by tagging."""

from __future__ import annotations

import py3langid

from crawlers.records import ArticleItem

SAMPLE = 3000


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of ``text``, or None when there is too little to tell."""
    if len(text.strip()) < 20:
        return None
    code, _score = py3langid.classify(text[:SAMPLE])
    return str(code)


class LanguagePipeline:
    def process_item(self, item: ArticleItem) -> ArticleItem:
        item.language = detect_language(f"{item.page.title}\n{item.page.text}")
        return item

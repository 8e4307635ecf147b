"""LanguagePipeline on its own: the language of title and text, None when there is too little."""

from __future__ import annotations

import pytest

from crawlers.pipelines.language import LanguagePipeline
from tests.crawlers.pipeline_items import STORY, item

GERMAN = (
    "Der Gemeinderat hat am Dienstag den Haushalt für das kommende Jahr beschlossen, mit mehr "
    "Investitionen in Schulen, Straßen und die energetische Sanierung öffentlicher Gebäude."
)


@pytest.mark.parametrize(
    "title, text, language",
    [
        ("Conseil municipal", STORY, "fr"),
        ("Gemeinderat", GERMAN, "de"),
        ("Brève", "Oui.", None),  # fewer than 20 characters in all
    ],
)
def test_language_of_title_and_text(title: str, text: str, language: str | None) -> None:
    assert LanguagePipeline().process_item(
        item(1, "https://j.example/a", title, text)
    ).language == (language)

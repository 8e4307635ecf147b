"""BoilerplatePipeline on its own: boilerplate lines leave the article text, prose stays
(issue 12, item 7). The patterns are ``crawlers.cleaning``'s (``test_cleaning.py``)."""

from __future__ import annotations

from crawlers.extract import extract_page
from crawlers.pipelines.boilerplate import BoilerplatePipeline
from crawlers.records import ArticleItem
from tests.crawlers.pipeline_items import item
from tests.crawlers.test_cleaning import PROSE


def test_boilerplate_lines_leave_the_text_and_the_flags_stay() -> None:
    article = item(1, "https://journal.example/a1", "Jumelage")
    article.page.text = "\n".join([PROSE[0], "Lire aussi : Jumelage, les photos", PROSE[1]])
    article.page.paywalled = True  # decided on the text as published, before cleaning
    kept = BoilerplatePipeline().process_item(article)
    assert kept.page.text == f"{PROSE[0]}\n{PROSE[1]}"
    assert kept.page.paywalled and kept.page.title == "Jumelage"


def test_the_pipeline_cleans_an_extracted_page() -> None:
    body = "".join(f"<p>{p}</p>" for p in PROSE[:4])
    html = (
        "<html lang='fr'><head><title>Jumelage</title></head><body><main><article>"
        "<h1>Jumelage : quarante ans</h1><p class='read-time'>Temps de lecture : 3 min</p>"
        f"<div class='article-body'>{body}<p class='lire-aussi'><strong>À lire aussi :</strong> "
        "<a href='/j'>Les lycéens de Ravensburg reçus en mairie</a></p>"
        "<p>Inscrivez-vous gratuitement à notre newsletter</p></div></article></main></body></html>"
    )
    url = "https://www.journal.fr/ville/jumelage"
    item = ArticleItem(
        url=url,
        source_id=1,
        source_kind="press",
        group=None,
        feed_id=None,
        html=html,
        encoding="utf-8",
        http_status=200,
        page=extract_page(html, url),
    )
    text = BoilerplatePipeline().process_item(item).page.text
    for sentence in PROSE[:4]:
        assert sentence in text
    assert "lire aussi" not in text.lower()
    assert "Temps de lecture" not in text and "notre newsletter" not in text

"""A crawler with the feed state on a test database, and article items, for pipeline tests."""

from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.utils.test import get_crawler

from crawlers.records import ArticleItem, ExtractedPage
from crawlers.settings import EXTENSIONS
from crawlers.urls import normalize_url

STORY = (
    "Le conseil municipal a voté mardi soir le budget de la commune pour l'année prochaine, "
    "avec une hausse des investissements dans les écoles, la voirie et la rénovation "
    "énergétique des bâtiments publics, après un long débat entre la majorité et "
    "l'opposition sur le niveau de la dette et sur le calendrier des travaux annoncés. "
)


def crawler_on(db_url: str) -> Crawler:
    return get_crawler(settings_dict={"AICT_DATABASE_URL": db_url, "EXTENSIONS": EXTENSIONS})


def item(
    source_id: int, url: str, title: str, text: str = STORY * 3, group: str | None = None
) -> ArticleItem:
    page = ExtractedPage(title, text, None, None, (), None, False, False)
    return ArticleItem(
        url=url,
        source_id=source_id,
        source_kind="press",
        group=group,
        feed_id=None,
        html=f"<html><body><h1>{title}</h1><p>{text}</p></body></html>",
        encoding="utf-8",
        http_status=200,
        page=page,
        normalized_url=normalize_url(url),
    )

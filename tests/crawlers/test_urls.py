"""URL normalisation, table-driven (A16): tracking, fragments, AMP and mobile variants → one key."""

from __future__ import annotations

import pytest

from crawlers.urls import is_crawlable, normalize_url

CANONICAL = "https://leprogres.fr/rhone/2024/03/12/jumelage-avec-lodi"

VARIANTS = [
    "https://www.leprogres.fr/rhone/2024/03/12/jumelage-avec-lodi",
    "https://www.leprogres.fr/rhone/2024/03/12/jumelage-avec-lodi?utm_source=rss&utm_medium=feed",
    "https://www.leprogres.fr/rhone/2024/03/12/jumelage-avec-lodi?xtor=RSS-3208",
    "https://www.leprogres.fr/rhone/2024/03/12/jumelage-avec-lodi?fbclid=IwAR0abc",
    "https://www.leprogres.fr/rhone/2024/03/12/jumelage-avec-lodi?gclid=Cj0KCQ",
    "https://www.leprogres.fr/rhone/2024/03/12/jumelage-avec-lodi#commentaires",
    "https://www.leprogres.fr/rhone/2024/03/12/jumelage-avec-lodi/",
    "http://www.leprogres.fr/rhone/2024/03/12/jumelage-avec-lodi",
    "https://m.leprogres.fr/rhone/2024/03/12/jumelage-avec-lodi",
    "https://www.leprogres.fr/rhone/2024/03/12/jumelage-avec-lodi/amp",
    "https://amp.leprogres.fr/rhone/2024/03/12/jumelage-avec-lodi",
    "https://WWW.LEPROGRES.FR:443/rhone/2024/03/12/jumelage-avec-lodi?utm_campaign=x#top",
]


@pytest.mark.parametrize("variant", VARIANTS)
def test_variants_share_one_key(variant: str) -> None:
    assert normalize_url(variant) == CANONICAL


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://ville.fr/actu?b=2&a=1", "https://ville.fr/actu?a=1&b=2"),
        ("https://ville.fr/actu?id=42&utm_source=x", "https://ville.fr/actu?id=42"),
        ("https://ville.fr/", "https://ville.fr/"),
        ("https://ville.fr:8080/a/", "https://ville.fr:8080/a"),
        ("https://www.ville.fr/spip.php?article12", "https://ville.fr/spip.php?article12"),
    ],
)
def test_query_order_and_meaningful_parameters(url: str, expected: str) -> None:
    assert normalize_url(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "file:///etc/passwd",
        "data:text/html,x",
        "ftp://x.fr/a",
        "/relative",
        "https://x.fr/" + "a" * 2100,
    ],
)
def test_non_http_and_overlong_urls_are_refused(url: str) -> None:
    assert not is_crawlable(url)
    with pytest.raises(ValueError):
        normalize_url(url)

"""Pure helpers: weeks and French labels, safe links, territory inclusion."""

from __future__ import annotations

import datetime as dt

import pytest

from digest.links import http_url
from digest.period import last_complete_week, previous_weeks, subject_for, week_long_label
from digest.territory import Area, TerritoryFilter, contains


def test_last_complete_week_and_previous_weeks() -> None:
    assert last_complete_week(dt.date(2026, 11, 9)) == "2026-W45"  # Monday of W46
    assert last_complete_week(dt.date(2026, 11, 15)) == "2026-W45"  # Sunday of W46
    assert last_complete_week(dt.date(2027, 1, 4)) == "2026-W53"
    assert previous_weeks("2026-W02", 3) == ["2026-W01", "2025-W52", "2025-W51"]


def test_french_labels_across_months_and_years() -> None:
    assert subject_for("2024-W18") == "Veille AICT — semaine 18 (29 avril–5 mai 2024)"
    assert subject_for("2025-W01") == "Veille AICT — semaine 1 (30 décembre 2024–5 janvier 2025)"
    assert week_long_label("2024-W12") == "du 18 au 24 mars 2024"


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        " javascript:x",
        "data:text/html,<script>",
        "vbscript:msgbox",
        "//evil.example/x",
        "/relative",
        "https://",
        "",
        None,
    ],
)
def test_only_http_links(url: str | None) -> None:
    assert http_url(url) is None


def test_http_links_kept_and_made_safe() -> None:
    assert http_url("https://www.ledauphine.com/a.html") == "https://www.ledauphine.com/a.html"
    assert http_url('https://x.fr/a"b') == "https://x.fr/a%22b"


SAVOIE = Area("dep:73", frozenset({"73"}))
ARA = Area("reg:84", frozenset({"01", "38", "69", "73", "74"}))
CHAMBERY = Area("commune:73065", frozenset({"73"}))
EPCI = Area("epci:200000172", frozenset())


def test_inclusion_goes_upwards_only() -> None:
    assert contains(SAVOIE, CHAMBERY) and contains(ARA, CHAMBERY) and contains(ARA, SAVOIE)
    assert not contains(CHAMBERY, SAVOIE)  # a commune does not contain its département
    assert not contains(SAVOIE, ARA)
    assert not contains(SAVOIE, EPCI) and contains(EPCI, EPCI)


def test_filter_uses_departements_only_without_actors() -> None:
    areas = {a.code: a for a in (SAVOIE, CHAMBERY)}
    where = TerritoryFilter((CHAMBERY,))
    assert where.matches(["commune:73065"], [], areas)
    assert not where.matches(["dep:73"], ["73"], areas)  # actors decide when present
    assert where.matches([], ["73", "38"], areas)
    assert not where.matches([], ["69"], areas)
    assert TerritoryFilter().matches([], [], areas)

"""Publication dates (issue 12, item 4): the article's own dates first, documented rules after.

Pages are small and written here, modelled on French regional dailies: an EBRA-style page with
a "most read" sidebar of dated links before the article, a Sud Ouest-style page whose CMS
writes JavaScript ``Date.toString()`` values, an actu.fr-style page with a UTC offset just
before midnight, a France 3-style page with a date-only attribute.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from crawlers.dates import choose_published, has_time, parse_date
from crawlers.extract import extract_page
from crawlers.pipelines.dates import DatesPipeline
from crawlers.records import ArticleItem, DateCandidate, ExtractedPage
from storage.timeutil import paris_day

NOW = dt.datetime(2026, 11, 26, 12, 0, tzinfo=dt.UTC)
UTC = dt.UTC
BODY = (
    "<p>Le conseil municipal a voté une subvention de 8 000 euros pour l'association de "
    "jumelage, qui prépare la venue d'une délégation de la ville partenaire au printemps. Le "
    "programme comprend des rencontres entre écoles, un concert commun et une exposition.</p>"
    "<p>La maire a rappelé que la coopération porte aussi sur la gestion de l'eau, avec deux "
    "techniciens accueillis chaque année au service municipal des eaux depuis 2019.</p>"
)


def page(head: str = "", before: str = "", inside: str = "") -> str:
    """An article page: ``head`` tags, a sidebar ``before`` the article, ``inside`` its header."""
    return (
        '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Jumelage</title>'
        f"{head}</head><body><header><nav><a href='/'>Accueil</a></nav></header>"
        f"<div class='layout'>{before}<main><article><h1>Jumelage : une subvention votée</h1>"
        f"{inside}<div class='article-body'>{BODY}</div></article></main></div>"
        "<footer>© 2024</footer></body></html>"
    )


def published(html: str, url: str = "https://www.example-journal.fr/ville/article") -> dt.datetime:
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
    result = DatesPipeline().process_item(item).published_at
    assert result is not None
    return result


SIDEBAR = (
    "<aside class='mostRead'><h2>Les plus lus</h2><ol>"
    "<li><a href='/x'>Un incendie rue Zola</a> <time datetime='2024-03-11T18:02:00+01:00'>"
    "11/03/2024</time></li><li><a href='/y'>La ligne C3 déviée</a> "
    "<time datetime='2024-03-12T07:40:00+01:00'>12/03/2024</time></li></ol></aside>"
)


def test_a_sidebar_time_before_the_article_is_not_its_date() -> None:
    html = page(
        before=SIDEBAR,
        inside="<div class='signature'>Par N. B. - <time datetime='2024-03-14T06:15:00+01:00'>"
        "Aujourd'hui à 06:15</time></div>",
    )
    assert published(html) == dt.datetime(2024, 3, 14, 5, 15, tzinfo=UTC)


def test_the_visible_publie_le_wins_over_a_disagreeing_attribute() -> None:
    # The CMS wrote the update time (next day) into <time datetime>; readers see "Publié le".
    html = page(
        inside="<p class='date'>Publié le 05/03/2025 à 06:45 <time "
        "datetime='2025-03-06T10:12:00+01:00'>Mis à jour le 06/03/2025</time></p>",
    )
    assert paris_day(published(html)) == dt.date(2025, 3, 5)
    assert published(html) == dt.datetime(2025, 3, 5, 5, 45, tzinfo=UTC)


def test_javascript_date_tostring_is_read_by_its_offset() -> None:
    raw = "Mon Mar 11 2024 23:30:00 GMT+0000 (Coordinated Universal Time)"
    head = (
        f'<meta property="article:published_time" content="{raw}">'
        '<script type="application/ld+json">'
        + json.dumps({"@type": "NewsArticle", "headline": "x", "datePublished": raw})
        + "</script>"
    )
    assert paris_day(published(page(head=head))) == dt.date(2024, 3, 12)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "Tue Aug 25 2020 00:23:33 GMT+0000 (Coordinated Universal Time)",
            dt.datetime(2020, 8, 25, 0, 23, 33, tzinfo=UTC),
        ),
        (
            "Tue Aug 25 2020 02:23:33 GMT+0200 (heure d’été d’Europe centrale)",
            dt.datetime(2020, 8, 25, 0, 23, 33, tzinfo=UTC),
        ),
        ("Tue Aug 25 2020 00:23:33 GMT+0000", dt.datetime(2020, 8, 25, 0, 23, 33, tzinfo=UTC)),
        ("2024-07-14T22:50:00+00:00", dt.datetime(2024, 7, 14, 22, 50, tzinfo=UTC)),
        ("2024-07-14T23:50:00-01:00", dt.datetime(2024, 7, 15, 0, 50, tzinfo=UTC)),
        ("14/07/2024 22:50 +0000", dt.datetime(2024, 7, 14, 22, 50, tzinfo=UTC)),
        ("2024-07-14", dt.datetime(2024, 7, 13, 22, 0, tzinfo=UTC)),  # the Paris day
    ],
)
def test_offsets_are_honoured_and_days_are_paris_days(raw: str, expected: dt.datetime) -> None:
    assert parse_date(raw, now=NOW) == expected


def test_an_explicit_utc_offset_before_midnight_is_the_next_paris_day() -> None:
    head = '<meta property="article:published_time" content="2024-07-14T22:50:00+00:00">'
    inside = "<div class='meta'>Par É. C. Publié le 15 juil. 24 à 0:50</div>"
    moment = published(page(head=head, inside=inside))
    assert moment == dt.datetime(2024, 7, 14, 22, 50, tzinfo=UTC)
    assert paris_day(moment) == dt.date(2024, 7, 15)


def test_a_date_only_attribute_is_its_paris_day() -> None:
    inside = "<time datetime='2024-05-03'>3 mai 2024</time>"
    moment = published(page(inside=inside))
    assert paris_day(moment) == dt.date(2024, 5, 3)


def test_htmldate_searches_the_page_when_the_markup_says_nothing() -> None:
    # No JSON-LD, no meta, no <time>: only a French date line that htmldate finds when it
    # searches extensively (the setting it scores best with).
    inside = "<p class='infos'>Mercredi 13 novembre 2024</p>"
    assert paris_day(published(page(inside=inside))) == dt.date(2024, 11, 13)


def _cands(*pairs: tuple[str, str]) -> list[DateCandidate]:
    return [DateCandidate(kind, value) for kind, value in pairs]


def test_rule_structured_dates_that_disagree_go_with_htmldate() -> None:
    chosen = choose_published(
        _cands(
            ("jsonld", "2024-02-01T09:00:00+01:00"),
            ("time", "2024-02-06T09:00:00+01:00"),
            ("htmldate", "2024-02-06"),
        ),
        now=NOW,
    )
    assert chosen == dt.datetime(2024, 2, 6, 8, 0, tzinfo=UTC)


def test_rule_the_first_structured_date_when_htmldate_takes_no_side() -> None:
    chosen = choose_published(
        _cands(("jsonld", "2024-02-01T09:00:00+01:00"), ("htmldate", "2024-02-03")), now=NOW
    )
    assert chosen == dt.datetime(2024, 2, 1, 8, 0, tzinfo=UTC)


def test_rule_a_day_alone_takes_the_time_of_a_candidate_on_that_day() -> None:
    chosen = choose_published(
        _cands(("htmldate", "2024-02-06"), ("feed", "Tue, 06 Feb 2024 17:30:00 +0100")), now=NOW
    )
    assert chosen == dt.datetime(2024, 2, 6, 16, 30, tzinfo=UTC)


def test_rule_the_feed_date_comes_last_and_nothing_is_none() -> None:
    assert choose_published(_cands(("feed", "2024-02-06T10:00:00Z")), now=NOW) == dt.datetime(
        2024, 2, 6, 10, tzinfo=UTC
    )
    assert choose_published(_cands(("jsonld", "bof")), now=NOW) is None
    assert choose_published([], now=NOW) is None


def test_has_time() -> None:
    assert has_time("2024-02-06T10:00:00Z") and has_time("12/03/2024 à 14h30")
    assert has_time("15 juil. 24 à 0:50")
    assert not has_time("2024-02-06") and not has_time("mardi 6 février 2024")


def test_pipeline_adds_the_feed_date() -> None:
    page_ = ExtractedPage("t", "x", None, None, (), None, False, False)
    item = ArticleItem(
        url="https://j.fr/a",
        source_id=1,
        source_kind="press",
        group=None,
        feed_id=None,
        html="",
        encoding="utf-8",
        http_status=200,
        page=page_,
        feed_date="Tue, 06 Feb 2024 17:30:00 +0100",
    )
    assert DatesPipeline().process_item(item).published_at == dt.datetime(
        2024, 2, 6, 16, 30, tzinfo=UTC
    )


def test_publie_le_in_the_reporting_is_not_the_publication_line() -> None:
    # "publié le" inside a paragraph of the article speaks of another document.
    head = (
        '<script type="application/ld+json">'
        + json.dumps({"@type": "NewsArticle", "datePublished": "2024-06-03T07:00:00+02:00"})
        + "</script>"
    )
    inside = (
        "<p>Selon le rapport de la chambre régionale des comptes, publié le 12 mars 2023, les "
        "subventions aux associations de jumelage ont doublé en cinq ans.</p>"
        "<p>Le rapport, publié le 12 mars 2023, est en ligne.</p>"
    )
    assert paris_day(published(page(head=head, inside=inside))) == dt.date(2024, 6, 3)

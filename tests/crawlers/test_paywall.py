"""Paywall flags (issue 12, item 5): structured data, the paywall box, a cut body + marker only.

A complete free article with "Ce service est réservé aux abonnés" in its comment box, or a
related link labelled "Article réservé à nos abonnés", is neither paywalled nor truncated.
"""

from __future__ import annotations

import json

from parsel import Selector

from crawlers.extract import extract_page
from crawlers.paywall import cut_before_marker, has_paywall_container

PARAGRAPHS = [
    "Les grues sont revenues lundi matin sur le chantier de la halle, à l'arrêt depuis la "
    "liquidation de l'entreprise de charpente l'automne dernier. La commune a relancé un appel "
    "d'offres au début de l'année et retenu une entreprise finistérienne.",
    "Les commerçants, installés depuis dix-huit mois sous un chapiteau provisoire, attendent la "
    "réouverture avec impatience. Certains disent avoir perdu un cinquième de leur clientèle "
    "pendant les travaux, malgré les navettes mises en place le samedi.",
    "Une réunion d'information avec les riverains est prévue le jeudi 6 juin, à 18 h 30, à la "
    "salle municipale. Les horaires des livraisons y seront présentés.",
]
URL = "https://www.journal-de-l-ouest.fr/quimper/halle"


def article(
    paragraphs: list[str],
    *,
    after_body: str = "",
    after_article: str = "",
    free: bool | str | None = True,
) -> str:
    """A regional daily's article: JSON-LD, <article> with a body, then what comes after."""
    data: dict[str, object] = {"@type": "NewsArticle", "headline": "La halle"}
    if free is not None:
        data["isAccessibleForFree"] = free
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>La halle</title>'
        f'<script type="application/ld+json">{json.dumps(data)}</script></head>'
        "<body><header><a href='/abonnement'>S'abonner</a></header><main><article>"
        f"<h1>La halle rouvre</h1><div class='article-body'>{body}</div>{after_body}</article>"
        f"{after_article}</main><footer><a href='/cgu'>CGU</a></footer></body></html>"
    )


COMMENTS = (
    "<section class='comments'><h2>Réactions</h2><p>Ce service est réservé aux abonnés. "
    "<a href='https://abonnement.journal.fr/'>Abonnez-vous</a> ou connectez-vous pour réagir."
    "</p></section>"
)
LOCKED_COMMENTS = (
    "<div class='r-comments'><p class='r-comments--locked'>Ce service est réservé aux abonnés. "
    "<a href='https://abo.journal.fr/'>Je m'abonne</a></p></div>"
)
RELATED = (
    "<aside class='sur-le-meme-sujet'><h2>Sur le même sujet</h2><ul><li><a href='/q/chiffres'>"
    "<span class='badge-premium'>Article réservé à nos abonnés</span> Commerce de centre-ville :"
    " les chiffres qui inquiètent</a></li></ul></aside>"
)
WALL = (
    "<div class='article-premium paywall'><p class='paywall-title'>Cet article est réservé aux "
    "abonnés</p><p>Pour lire la suite, abonnez-vous à partir de 1 € le premier mois.</p>"
    "<a class='btn' href='https://abonnement.journal.fr/offre'>Je m'abonne</a></div>"
)


def test_a_comment_box_notice_does_not_flag_a_free_article() -> None:
    for comments in (COMMENTS, LOCKED_COMMENTS):
        page = extract_page(article(PARAGRAPHS, after_article=comments, free=None), URL)
        assert not page.paywalled and not page.text_truncated


def test_a_related_link_label_does_not_flag_a_free_article() -> None:
    page = extract_page(article(PARAGRAPHS, after_article=RELATED, free=None), URL)
    assert not page.paywalled and not page.text_truncated


def test_structured_data_says_paywalled() -> None:
    page = extract_page(article(PARAGRAPHS, free=False), URL)
    assert page.paywalled and page.text_truncated
    page = extract_page(article(PARAGRAPHS, free="False"), URL)
    assert page.paywalled


def test_the_publishers_paywall_box_says_paywalled() -> None:
    cut = [*PARAGRAPHS[:1], "Du côté des associations, on s'inquiète de voir disparaître"]
    page = extract_page(article(cut, after_body=WALL, free=None), URL)
    assert page.paywalled and page.text_truncated


def test_a_paywall_box_inside_a_comment_section_does_not_count() -> None:
    html = article(PARAGRAPHS, after_article=f"<section class='comments'>{WALL}</section>")
    assert not has_paywall_container(Selector(text=html))


def test_a_cut_body_followed_by_a_marker() -> None:
    assert cut_before_marker("Début de l'article.\nCet article est réservé aux abonnés.")
    long_cut = "\n".join([*PARAGRAPHS[:2], "Les commerçants attendent", "Réservé aux abonnés"])
    assert cut_before_marker(long_cut)


def test_a_marker_after_a_complete_body_is_not_a_cut() -> None:
    complete = "\n".join([*PARAGRAPHS, "Ce service est réservé aux abonnés."])
    assert not cut_before_marker(complete)
    # A sentence of the article that speaks of subscribers is not a marker at its end.
    assert not cut_before_marker("\n".join(PARAGRAPHS[:2]))


def test_a_subscription_promotion_in_a_free_article_is_not_a_paywall() -> None:
    promo = (
        "<div class='bloc-abonnement'><p>Soutenez l'information locale : abonnez-vous à partir "
        "de 1 € le premier mois.</p><a href='https://abonnement.journal.fr/offre'>Je m'abonne"
        "</a></div>"
    )
    page = extract_page(article(PARAGRAPHS, after_body=promo, free=None), URL)
    assert not page.paywalled and not page.text_truncated

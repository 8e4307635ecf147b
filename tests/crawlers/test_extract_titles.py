"""Titles by agreement (issue 12, item 3): truncated JSON-LD, SEO variants, site names, entities."""

from __future__ import annotations

import json

import pytest

from crawlers.extract import extract_page
from crawlers.titles import choose_title

BODY = (
    "<p>Le conseil municipal a voté lundi soir une aide exceptionnelle de 15 000 euros pour les "
    "sinistrés de la ville jumelle, touchée la semaine dernière par des inondations. La somme "
    "sera versée à la Croix-Rouge locale, qui coordonne l'hébergement des familles.</p>"
    "<p>Une collecte de matériel est aussi organisée à la salle des fêtes jusqu'à samedi, de 9 h "
    "à 17 h. Les dons de vêtements ne sont pas acceptés, précise la mairie.</p>"
)


def page(
    *,
    h1: str,
    og: str | None = None,
    headline: str | None = None,
    title: str | None = None,
    site: str = "Le Journal du Centre",
) -> str:
    """A regional daily's article page: <title>, og:title, JSON-LD headline, <h1> in <article>."""
    jsonld = {"@context": "https://schema.org", "@type": "NewsArticle"}
    if headline is not None:
        jsonld["headline"] = headline
    jsonld["publisher"] = {"@type": "Organization", "name": site}
    og_tag = f'<meta property="og:title" content="{og}">' if og is not None else ""
    return (
        f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">'
        f"<title>{title or h1}</title>{og_tag}"
        f'<meta property="og:site_name" content="{site}">'
        f'<script type="application/ld+json">{json.dumps(jsonld, ensure_ascii=False)}</script>'
        f'</head><body><header><a class="logo" href="/">{site}</a></header>'
        f'<main><article><h1 class="article-title">{h1}</h1><div class="article-body">{BODY}'
        f"</div></article></main><footer>Mentions légales</footer></body></html>"
    )


LONG = (
    "Nevers. Inondations en Slovaquie : la Ville débloque 15 000 euros d'aide d'urgence et "
    "ouvre une collecte de matériel à la salle des fêtes"
)


def test_a_headline_cut_near_110_characters_loses_to_the_title_it_prefixes() -> None:
    cut = LONG[:108].rstrip() + "…"
    html = page(h1=LONG, og=LONG, headline=cut)
    assert extract_page(html, "https://www.lejdc.fr/nevers/a").title == LONG


def test_a_headline_cut_without_ellipsis_is_truncated_too() -> None:
    html = page(h1=LONG, og=None, headline=LONG[:100])
    assert extract_page(html, "https://www.lejdc.fr/nevers/b").title == LONG


def test_an_seo_headline_loses_to_the_visible_title_the_others_agree_on() -> None:
    visible = "Cosne. Jumelage : la délégation de Cosne reçue à Bamberg pour les cinquante ans"
    seo = "Jumelage Cosne-Bamberg : ce qu'il faut savoir sur les cinquante ans"
    html = page(h1=visible, og=visible, headline=seo, title=f"{visible} - Le Journal du Centre")
    assert extract_page(html, "https://www.lejdc.fr/cosne/c").title == visible


def test_a_literal_nbsp_entity_is_decoded() -> None:
    raw = "Decize. Solidarité&amp;nbsp;: un conteneur de livres pour Kaya"
    html = page(h1="Decize. Solidarité&nbsp;: un conteneur de livres pour Kaya", headline=raw)
    title = extract_page(html, "https://www.lejdc.fr/decize/d").title
    assert title == "Decize. Solidarité : un conteneur de livres pour Kaya"
    assert "&" not in title


@pytest.mark.parametrize(
    ("raw", "site", "url"),
    [
        (
            "Quimper. La halle rouvre - Ouest-France",
            "Ouest-France",
            "https://www.ouest-france.fr/a",
        ),
        ("Albi. La halle rouvre | La Dépêche", "ladepeche.fr", "https://www.ladepeche.fr/a"),
        ("Albi. La halle rouvre - ladepeche.fr", "", "https://www.ladepeche.fr/a"),
        ("Albi. La halle rouvre – Le Télégramme", "Le Télégramme", "https://www.letelegramme.fr/a"),
    ],
)
def test_site_names_are_cut(raw: str, site: str, url: str) -> None:
    assert choose_title([None, None, None, None, raw], [site], url).endswith("La halle rouvre")


def test_a_dash_inside_a_headline_is_kept() -> None:
    title = "Saint-Malo - Portsmouth : trente ans de jumelage fêtés sur le quai Saint-Louis"
    assert choose_title([title, title], ["Ouest-France"], "https://www.ouest-france.fr/a") == title


def test_only_title_tag_with_site_name() -> None:
    html = (
        "<html><head><title>Vierzon. Le marché de Noël accueille Tchernivtsi | Le Berry "
        "républicain</title></head><body><p>"
        + "Texte de l'article sur le marché de Noël et la ville ukrainienne invitée. " * 5
        + "</p></body></html>"
    )
    page_ = extract_page(html, "https://www.leberry.fr/vierzon/e")
    assert page_.title == "Vierzon. Le marché de Noël accueille Tchernivtsi"

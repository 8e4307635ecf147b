"""Issue 11: forms met on real pages in the nineteenth session.

Pages and small papers abbreviate the saint of a commune's name ("la mairie de St Didier",
"St-Malo"), and write it with spaces as often as with hyphens. Every text here was written for
these tests.
"""

from __future__ import annotations

import pytest

from nlp.decision import analyse
from nlp.gazetteer import collectivite_index
from nlp.syntax import parser


def _actors(title: str, text: str) -> set[tuple[str | None, str]]:
    return {(a.code, a.type) for a in analyse(title, text, parser()).actors}


def _countries(title: str, text: str) -> set[str]:
    return {m.code for m in analyse(title, text, parser()).countries}


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Le maire de St-Malo a reçu ses homologues irlandais.", "commune:35288"),
        ("La mairie de St Clair de la Tour accueillait les Italiens.", "commune:38377"),
        ("La mairie de Saint Clair de la Tour accueillait les Italiens.", "commune:38377"),
        ("Le conseil municipal de Ste-Foy-lès-Lyon a voté la charte.", "commune:69202"),
        ("La ville de Villeneuve-St-Georges soutient le projet.", "commune:94078"),
    ],
)
def test_a_saints_commune_is_found_abbreviated_or_spaced(text: str, code: str) -> None:
    assert (code, "collectivite") in _actors("Jumelage", text)


def test_a_saints_name_with_spaces_and_no_cue_stays_a_saint() -> None:
    index = collectivite_index()
    found = index.find("La basilique Saint Denis accueille les pèlerins.", every=True)
    assert not any(m.code == "commune:93066" for m in found)
    assert index.is_commune("st didier de la tour") and index.is_commune("st-malo")


def test_a_foreign_place_that_opens_a_french_communes_name_is_not_abroad() -> None:
    # GeoNames knows a "Saint Clair" in the United States and a "St Clair" in Australia.
    text = "La mairie de St Clair de la Tour a reçu la délégation de Ponte Lambro, en Italie."
    assert _countries("Jumelage", text) == {"IT"}


def test_a_twinning_told_with_abbreviated_saints_is_aict(tag_one) -> None:  # type: ignore[no-untyped-def]
    record = tag_one(
        "Ce week-end, la mairie de St Didier de la Tour et le comité de jumelage ont reçu la "
        "délégation italienne de Ponte Lambro, conduite par son maire. Les enfants de l'école "
        "avaient préparé deux chansons en italien, puis un repas a été offert par la mairie de "
        "St Clair de la Tour au bord du lac.",
        "Jumelage : la délégation italienne reçue à St Didier",
    )
    assert record["is_aict"] is True
    assert record["partner_countries"] == ["IT"]


# Foreign pages name the French council that visits or takes part as they would a foreign one.


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        (
            "Les habitants de Kayes ont accueilli le maire de la Commune de Montreuil, Patrick "
            "Martin, venu inaugurer le centre de santé.",
            "Montreuil",
            "collectivite",
        ),
        (
            "Le maire de la Ville de Québec a signé l'entente avec la délégation bretonne.",
            "Québec",
            "foreign_local_authority",
        ),
        (
            "Le comité de jumelage d'Andenne reçoit ce week-end ses jumeaux de "
            "Châtillon-sur-Seine (France) et de Ratzeburg (Allemagne).",
            "Châtillon-sur-Seine",
            "collectivite",
        ),
    ],
)
def test_a_foreign_page_names_the_french_council_taking_part(
    text: str, name: str, kind: str
) -> None:
    kinds = {a.type for a in analyse("Coopération", text, parser()).actors if name in a.name}
    assert kinds == {kind}


def test_a_french_mayor_welcomed_abroad_in_the_foreign_press_is_aict(tag_one) -> None:  # type: ignore[no-untyped-def]
    record = tag_one(
        "Kayes, 4 mars (AMAP) Les populations de la commune de Kayes ont réservé mardi un accueil "
        "chaleureux au maire de la Commune de Montreuil, France, venu inaugurer la maternité "
        "construite dans le cadre de la coopération décentralisée entre les deux villes. Le "
        "préfet, les chefs de quartier et les responsables des associations de femmes étaient "
        "présents à la cérémonie.",
        "Kayes accueille le maire de Montreuil",
    )
    assert record["is_aict"] is True
    assert "ML" in record["partner_countries"]

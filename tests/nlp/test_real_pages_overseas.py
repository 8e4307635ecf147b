"""Issue 11: forms met on real pages in the eighteenth session, first of all overseas France.

The press of Mayotte, La Réunion and the Antilles names its councils by the territory's name
("Mayotte a noué des conventions avec les régions du nord de Madagascar"), and regional
cooperation with the neighbouring islands is a large part of what those councils do abroad.
Every text here was written for these tests.
"""

from __future__ import annotations

import pytest

from nlp.decision import analyse
from nlp.syntax import parser


def _actors(title: str, text: str) -> set[tuple[str | None, str, str]]:
    return {(a.code, a.type, a.role) for a in analyse(title, text, parser()).actors}


def _countries(title: str, text: str) -> set[str]:
    return {m.code for m in analyse(title, text, parser()).countries}


@pytest.mark.parametrize(
    ("title", "text", "code"),
    [
        (
            "Mayotte ouvre une antenne de coopération à Mahajanga",
            "Le bureau suivra les projets agricoles conduits avec la région Boeny.",
            "dep:976",
        ),
        (
            "Coopération",
            "Depuis dix ans, Mayotte finance des formations d'infirmiers à Anjouan, aux Comores.",
            "dep:976",
        ),
        (
            "Sargasses",
            "La Guadeloupe a signé avec la Dominique une convention pour surveiller les algues.",
            "dep:971",
        ),
        (
            "Océan Indien",
            "La Réunion envoie deux conteneurs de matériel médical à Toamasina, à Madagascar.",
            "dep:974",
        ),
    ],
)
def test_an_overseas_territory_named_bare_acts_for_its_council(
    title: str, text: str, code: str
) -> None:
    assert (code, "collectivite", "agent") in _actors(title, text)


@pytest.mark.parametrize(
    ("title", "text", "code"),
    [
        # a noun's complement: the assembly is the actor, the name its place
        (
            "Plénière",
            "L'Assemblée de Martinique a voté une convention avec Sainte-Lucie.",
            "dep:972",
        ),
        # a town's place in brackets
        (
            "Jumelage",
            "Les villes de Sinnamary et du François (Martinique) sont jumelées depuis 2022.",
            "dep:972",
        ),
        # "Réunion" without its article opens many a notice
        ("Réunion publique", "Réunion publique mardi à la salle des fêtes.", "dep:974"),
    ],
)
def test_an_overseas_name_that_is_only_a_place(title: str, text: str, code: str) -> None:
    assert not any(c == code and role == "agent" for c, _, role in _actors(title, text))


def test_a_surname_in_capitals_after_a_first_name_names_no_country() -> None:
    # Jérémie is a Haitian town; here, the mayor's surname as rolls of officials write it
    text = (
        "Les villes de Sinnamary et du François sont jumelées depuis 2022, comme l'a rappelé "
        "Michel-Ange JEREMIE, maire de Sinnamary."
    )
    assert "HT" not in _countries("Jumelage", text)


def test_a_town_in_capitals_after_a_preposition_still_names_its_country() -> None:
    text = "Une délégation de la ville s'est rendue à JEREMIE, en Haïti, après le cyclone."
    assert "HT" in _countries("Solidarité", text)


def test_two_overseas_communes_twinned_are_not_international() -> None:
    from nlp.pipeline import Tagger, TextIn

    text = (
        "Les villes de Sinnamary et du François (Martinique) sont jumelées depuis le 1er juin "
        "2022. Le François compte dix-sept mille habitants, et la pêche y tient une grande "
        "place, comme à Sinnamary. « Les belles histoires commencent parfois dans la "
        "difficulté », a souligné Michel-Ange JEREMIE, maire de Sinnamary, en rappelant la "
        "médiation que les maires des deux villes avaient proposée entre leurs clubs de "
        "football. Le comité de jumelage prépare la venue d'une délégation du François."
    )
    [(_, record)] = list(Tagger().tag([TextIn("t", text, "Jumelage")]))
    assert not record.is_aict


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Convention avec la région Haute-Matsiatra pour l'eau potable.", "MG"),
        ("La mission a fait escale à Nosy-Be.", "MG"),
        ("Le conseil a reçu le maire de Diego Suarez.", "MG"),
    ],
)
def test_a_foreign_place_with_hyphens_or_spaces_names_its_country(text: str, code: str) -> None:
    assert code in _countries("Coopération", text)

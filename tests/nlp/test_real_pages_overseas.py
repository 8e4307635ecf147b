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


def _found(text: str) -> set[tuple[str | None, str]]:
    from nlp.actors import find_actors

    return {(a.code, a.type) for a in find_actors(text)}


@pytest.mark.parametrize("apostrophe", ["'", "’"])
def test_a_communes_name_that_opens_a_countrys_is_the_country(apostrophe: str) -> None:
    # Côte is a commune of Haute-Saône; real pages write either apostrophe.
    text = (
        "Le ministre Danho, président de l'Union des villes et commune de Côte d'Ivoire, "
        "conduisait la délégation ivoirienne au salon des maires."
    ).replace("'", apostrophe)
    found = _found(text)
    assert ("commune:70178", "collectivite") not in found
    assert not any(kind == "collectivite" for _, kind in found)


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        (
            "Le programme lie les départements de la Seine-Maritime et de la Somme au comté "
            "de l'East Sussex.",
            {"dep:76", "dep:80"},
        ),
        (
            "Les régions Bretagne et Normandie coopèrent avec le pays de Galles.",
            {"reg:53", "reg:28"},
        ),
        (
            "Trois départements, la Savoie, la Vienne et les Hauts-de-Seine, ont signé à "
            "Port-au-Prince.",
            {"dep:73", "dep:86", "dep:92"},
        ),
    ],
)
def test_departements_and_regions_listed_after_their_plural_cue(text: str, codes: set[str]) -> None:
    assert codes <= {code for code, _ in _found("Coopération\n" + text)}


def test_departements_a_preposition_places_something_in_are_territories() -> None:
    assert ("dep:59", "collectivite") not in _found(
        "Écoles\nDans les départements du Nord et du Pas-de-Calais, les écoles ferment."
    )


def test_the_unnamed_region_is_the_french_one_the_text_names() -> None:
    text = (
        "Si la Bretagne entretient avec le Mali des liens anciens, les échanges sont devenus "
        "rares. Huit agriculteurs de la province de Ségou ont pu être accueillis grâce à "
        "l'appui de la Région."
    )
    actors = _found("Agriculture\n" + text)
    assert (None, "collectivite") in actors
    assert (None, "foreign_local_authority") in actors  # the province of Ségou


def test_a_foreign_region_named_alone_keeps_its_unnamed_region() -> None:
    text = (
        "La Regione Sardegna a dévoilé son plan pour les ports. La Région a choisi de "
        "financer trois lignes maritimes."
    )
    assert (None, "collectivite") not in _found("Sardaigne\n" + text)


@pytest.mark.parametrize(
    "title",
    [
        "Les maires des communes de Bondoukou et de Sikasso signent une convention de jumelage",
        "Jumelage : les maires de Nouakchott et de Dakar se retrouvent à Bamako",
    ],
)
def test_mayors_of_foreign_towns_in_the_plural_are_no_french_council(title: str) -> None:
    from nlp.decision import _someone_inside

    text = (
        "La cérémonie s'est tenue à l'hôtel de ville en présence du préfet et des chefs "
        "coutumiers. Les deux communes échangeront des agents municipaux et des troupes "
        "culturelles dès l'an prochain, dans le cadre de la coopération décentralisée."
    )
    assert not _someone_inside(analyse(title, text, parser()))


def test_a_known_towns_name_that_goes_on_is_another_town() -> None:
    from nlp.places import world_places

    # Santa Marta is a Colombian city; Santa Marta de Penaguião a Portuguese town
    text = "Larçay est jumelée avec la ville de Santa Marta de Penaguião, au nord du Portugal."
    assert "CO" not in {m.code for m in world_places().find(text)}
    assert "CO" in {m.code for m in world_places().find("jumelée avec la ville de Santa Marta")}


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("Les deux communes sont jumelées avec Condove, au Piémont, depuis 1976.", True),
        ("Une délégation du Piémont a été reçue en mairie samedi.", True),
        # French foothill areas and a French EPCI's name
        ("La communauté de communes du Piémont cévenol a voté son budget.", False),
        ("Le Piémont oloronais attend toujours sa ligne ferroviaire.", False),
        ("La communauté de communes de Vezouze en Piémont recrute.", False),
    ],
)
def test_piedmont_is_italys_only_as_the_region(text: str, named: bool) -> None:
    assert ("IT" in _countries("Piémont", text)) is named


def test_a_small_commune_placed_in_its_departement_is_found() -> None:
    from nlp.gazetteer import collectivite_index

    text = "La chorale de Lanvéoc, dans le Finistère, et celle de Saint-Michel-de-Maurienne, en Savoie."
    codes = {m.code for m in collectivite_index().find(text, bare_needs_words=False, every=True)}
    assert {"commune:29120", "commune:73261"} <= codes


def test_a_country_that_is_a_first_name_names_no_country() -> None:
    text = (
        "Une délégation de Plougonvelin a été reçue à Aumont. Israël Bacor, maire de "
        "Plougonvelin à la signature de la charte, a évoqué ses souvenirs."
    )
    assert "IL" not in _countries("Jumelage", text)
    assert "IL" in _countries("Guerre", "Les combats ont repris entre Israël et le Hezbollah.")

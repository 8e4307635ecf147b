"""Issue 11: councils, places and peoples as real pages name them (seventeenth session).

Each case is a form met on real French and foreign pages that the tagger misread: a region
named "la région de Normandie", a département's council called by its name before 2015, a
headline naming a département for its council, a small commune the foreign press places "(France)",
a French town's namesake abroad in a list, a school named after a man whose surname is a
demonym, a fair's town. Every text here was written for these tests.
"""

from __future__ import annotations

import pytest

from nlp.actors import find_actors


def _roles(title: str, text: str) -> set[tuple[str, str | None, str, str]]:
    from nlp.decision import analyse
    from nlp.syntax import parser

    return {(a.name, a.code, a.type, a.role) for a in analyse(title, text, parser()).actors}


def _codes(text: str) -> set[str | None]:
    return {m.code for m in find_actors(text)}


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # the foreign press's "la région de …"
        ("Une délégation de la région de Normandie (France) séjourne à Tamatave.", "reg:28"),
        ("La région d'Occitanie a voté une aide pour le Liban.", "reg:76"),
        # the département's council until 2015
        ("Le conseil général du Finistère a voté une aide pour le Niger.", "dep:29"),
        # some of a name's hyphens written as spaces
        ("Le département de Seine Saint-Denis coopère avec les Comores.", "dep:93"),
        # with its article, a region's or a département's name, not a small commune's
        ("La Bretagne soutient le Liban", "reg:53"),
        ("La Mayenne envoie des groupes électrogènes en Ukraine", "dep:53"),
        # a métropole's former name, in archives and older pages
        ("La coopération entre Reims Métropole et Zorgho se poursuit.", "epci:200067213"),
        ("La Communauté urbaine de Bordeaux a signé avec Casablanca.", "epci:243300316"),
        # a small commune the foreign press places in France
        ("Cotonou et Heudebouville (France) se donnent la main.", "commune:27332"),
        (
            "Le pacte lie Cotonou et Heudebouville, une commune française de l'Eure.",
            "commune:27332",
        ),
    ],
)
def test_councils_as_real_pages_name_them(text: str, code: str) -> None:
    assert code in _codes(text)


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        # an area around a town, not a region's council
        ("Dans la région de Bordeaux, les vignerons exportent en Chine.", "reg:75"),
        # "Bretagne" is also a commune of the Territoire de Belfort
        ("La Bretagne soutient le Liban", "commune:90019"),
        # directions, not the Nord département
        ("Ces jumelages relèvent de la coopération Nord-Sud, comme à Floirac.", "dep:59"),
    ],
)
def test_what_is_not_that_council(text: str, wrong: str) -> None:
    assert wrong not in _codes(text)


def test_the_conseil_general_unnamed_acts_for_its_departement() -> None:
    roles = _roles(
        "Rencontres franco-comoriennes",
        "Le président du Conseil général a reçu lundi l'ambassadeur de l'Union des Comores "
        "pour faire le point sur la coopération avec les communes de Grande Comore.",
    )
    assert any(t == "collectivite" and r == "agent" for _, _, t, r in roles), roles


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # a Swiss commune's assembly is also called "Conseil général"
        (
            "Le Conseil général de Neuchâtel a voté une aide pour le Niger.",
            "foreign_local_authority",
        ),
        # the State's general councils
        (
            "Le conseil général de l'environnement a rendu son avis sur le Rhin et l'Allemagne.",
            "french_state",
        ),
    ],
)
def test_a_general_council_that_is_not_a_departements(text: str, kind: str) -> None:
    found = find_actors(text)
    assert any(m.type == kind for m in found), found
    assert not any(m.type == "collectivite" for m in found), found


def test_a_namesake_listed_before_its_country_is_abroad() -> None:
    """Bruges is also a town of the Gironde; listed with Brussels before "en Belgique", it is
    the Belgian one."""
    found = find_actors("Le maire de Québec visitera Bruges et Bruxelles, en Belgique.")
    assert not any(m.name == "Bruges" and m.code for m in found), found
    assert any(m.name == "Bruges" and m.type == "foreign_local_authority" for m in found), found


def test_a_french_town_listed_before_a_foreign_one_stays_french() -> None:
    """Only a name also known abroad is read through the list: Rennes is not Irish."""
    found = find_actors(
        "La Ville de Rennes et Cork (Irlande) lancent un projet européen de secours."
    )
    assert "commune:35238" in {m.code for m in found}, found


def test_a_surname_that_is_a_demonym_names_no_country() -> None:
    from nlp.decision import country_mentions

    text = "Les élèves du collège Henri Wallon accueillent leurs correspondants de Brême."
    assert "BE" not in {m.code for m in country_mentions(text)}
    assert "BE" in {m.code for m in country_mentions("Les Wallons accueillent les élèves.")}


def test_a_fairs_town_is_its_venue() -> None:
    """Cannes hosts the fair; the Walloon Region is the one taking part."""
    roles = _roles(
        "La représentation de la Région wallonne au MIPIM à Cannes",
        "Chaque année en mars, la Région wallonne envoie une délégation au MIPIM.",
    )
    assert not any(n == "Cannes" and r == "agent" for n, _, _, r in roles), roles


def test_a_headline_names_a_departement_for_its_council() -> None:
    roles = _roles(
        "Antsiranana : le Finistère paie la nouvelle maternité",
        "La commission permanente a voté 120 000 euros pour l'hôpital de la région Diana, à "
        "Madagascar.",
    )
    assert ("Finistère", "dep:29", "collectivite", "agent") in roles, roles


@pytest.mark.parametrize(
    ("title", "text"),
    [
        # in a story's body, the name is the territory (its council is "le Département")
        (
            "Accueil des Ukrainiens",
            "Depuis mars, le Finistère accueille des familles ukrainiennes chez des particuliers.",
        ),
        # completing another noun, the département is not the one acting
        (
            "Accueil des Ukrainiens",
            "Les préfectures, dont celle de la Haute-Loire, s'organisent pour accueillir les "
            "familles ukrainiennes.",
        ),
    ],
)
def test_a_departement_named_bare_elsewhere_does_not_act(title: str, text: str) -> None:
    roles = _roles(title, text)
    assert not any((c or "").startswith("dep:") and r == "agent" for _, c, _, r in roles), roles


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        # a foreign town's name as a man's surname, in apposition or after a civility
        ("Le maire de Morne-à-l'Eau, Philipson Francfort, organise une collecte.", "DE"),
        ("Le conseil a entendu M. Berlin, trésorier du club.", "DE"),
    ],
)
def test_a_surname_that_is_a_town_names_no_country(text: str, absent: str) -> None:
    from nlp.decision import country_mentions

    assert absent not in {m.code for m in country_mentions(text)}


def test_a_town_named_after_a_first_word_still_names_its_country() -> None:
    from nlp.decision import country_mentions

    text = "Une délégation de Francfort, Munich et Berlin visite le port."
    assert {m.name for m in country_mentions(text)} == {"Francfort", "Munich", "Berlin"}


def test_a_town_ending_an_associations_name_is_not_its_council() -> None:
    """The bracketed acronym spells the name's initials, the town's included."""
    named = find_actors(
        "L'association Aide internationale médicale Arras (AIMA) équipe un hôpital à Madagascar."
    )
    assert "commune:62041" not in {m.code for m in named}, named
    placed = find_actors("Arras (Pas-de-Calais) équipe un hôpital à Madagascar.")
    assert "commune:62041" in {m.code for m in placed}, placed


def test_a_town_as_the_place_of_a_nested_noun_does_not_act() -> None:
    roles = _roles(
        "Échange scolaire",
        "Rachel Foussereau, professeure au collège et à l'initiative de cet échange sur le thème "
        "« Être jeune en France, à Méricourt », accueille des élèves de Brême.",
    )
    assert not any(t == "collectivite" and r == "agent" for _, _, t, r in roles), roles


@pytest.mark.parametrize(
    ("text", "name", "kind", "code"),
    [
        # a commune followed by a part of it, not by a foreign town's name
        (
            "Le maire de Ouistreham Riva-Bella a reçu le bourgmestre de Braine-l'Alleud.",
            "Ouistreham",
            "collectivite",
            "commune:14488",
        ),
        # a foreign "commune urbaine" or "commune rurale"
        (
            "Les travaux de la Commune urbaine d'Antananarivo se poursuivent.",
            "la Commune urbaine d'Antananarivo",
            "foreign_local_authority",
            None,
        ),
    ],
)
def test_councils_with_words_after_their_name(
    text: str, name: str, kind: str, code: str | None
) -> None:
    assert (name, kind, code) in {(m.name, m.type, m.code) for m in find_actors(text)}


def test_a_network_of_departements_is_someone() -> None:
    """The national association of départements signs for its members: someone in
    particular, not councils in the plural."""
    from nlp.decision import _someone_inside, analyse
    from nlp.syntax import parser

    found = analyse(
        "Coopération franco-sénégalaise",
        "L'Assemblée des Départements de France a signé à Dakar une convention de partenariat "
        "avec l'Association des départements du Sénégal.",
        parser(),
    )
    assert _someone_inside(found)


def test_a_numbered_commune_is_abroad() -> None:
    """French communes have no number; Bamako's "Commune III" has."""
    found = find_actors("La commune III du District de Bamako a signé une convention avec Rabat.")
    assert all(m.type != "collectivite" for m in found), found


def test_the_council_of_a_community_named_before_is_taken_up() -> None:
    """ "Le conseil de communauté de Rodez Agglomération s'est réuni… le conseil attribue":
    the unnamed council is the agglomeration's, and it acts."""
    roles = _roles(
        "Conseil de communauté : les décisions",
        "Le conseil de communauté de Rodez Agglomération s'est réuni le 24 juin.\n\n"
        "Solidarité internationale : le conseil attribue 25 000 € à un projet d'eau potable dans "
        "la commune rurale d'Ambohimahasoa, à Madagascar.",
    )
    assert ("le conseil", None, "collectivite", "agent") in roles, roles


def test_a_world_network_with_only_foreign_mayors_is_nobody_french() -> None:
    from nlp.decision import _someone_inside, analyse
    from nlp.syntax import parser

    foreign = analyse(
        "Le bureau exécutif de CGLU réuni à Rabat",
        "Le bureau exécutif de CGLU s'est réuni à Rabat sous la présidence du maire d'Istanbul, "
        "avec le maire de Lisbonne et la maire de Rabat.",
        parser(),
    )
    french = analyse(
        "Le bureau exécutif de CGLU réuni à Rabat",
        "Le bureau exécutif de CGLU s'est réuni à Rabat ; le maire de Strasbourg y représentait "
        "les villes françaises avec le maire de Lisbonne et la maire de Rabat.",
        parser(),
    )
    assert not _someone_inside(foreign)
    assert _someone_inside(french)


@pytest.mark.parametrize(
    "text",
    [
        "Le coup de force lancé le 24 février par la Russie contre l'Ukraine a choqué. Le "
        "conseil municipal vote 2 000 euros pour les familles ukrainiennes.",
        "Voilà cinq semaines que la Russie a déclenché son agression contre l'Ukraine ; la "
        "commune verse 1 000 euros au fonds de l'État.",
        "Depuis l'invasion russe, la ville aide Tchernihiv, sa ville partenaire en Ukraine.",
    ],
)
def test_the_aggressor_in_a_war_is_merely_mentioned(text: str) -> None:
    from nlp.decision import country_mentions

    codes = {m.code for m in country_mentions(text)}
    assert "UA" in codes and "RU" not in codes, codes


@pytest.mark.parametrize(
    "text",
    [
        # (a guard: a war named by its sides names no country)
        "Guerre Israël-Hamas : la ville vote 80 000 euros d'aide humanitaire pour Gaza.",
        "La ville aide la population palestinienne, victime des bombardements israéliens dans "
        "la bande de Gaza.",
    ],
)
def test_a_belligerent_named_by_a_war_is_merely_mentioned(text: str) -> None:
    from nlp.decision import country_mentions

    codes = {m.code for m in country_mentions(text)}
    assert "PS" in codes and "IL" not in codes, codes


def test_a_regional_demonym_makes_a_commune_foreign() -> None:
    found = find_actors("Les élus de la commune ligurienne ont signé le serment avec Monaco.")
    assert any(m.name == "la commune" and m.type == "foreign_local_authority" for m in found)


def test_a_country_named_outside_a_war_stays() -> None:
    from nlp.decision import country_mentions

    text = "La ville coopère avec la Russie sur l'énergie et avec l'Ukraine sur l'eau."
    assert {"RU", "UA"} <= {m.code for m in country_mentions(text)}


def test_a_belgian_province_names_belgium() -> None:
    from nlp.decision import country_mentions

    text = "Le Département du Nord et la Province de Hainaut renouvellent leur coopération."
    assert "BE" in {m.code for m in country_mentions(text)}


def test_a_demonym_in_a_capitalised_compound_is_no_foreign_council() -> None:
    """ "AMITIÉ FRANCO-ITALIENNE" in a headline in capitals names Italy by its demonym; it is
    not a foreign town named bare acting."""
    roles = _roles(
        "20 ANNÉES D'AMITIÉ FRANCO-ITALIENNE",
        "Le comité de jumelage de Sisteron a fêté ses vingt ans avec Fidenza.",
    )
    assert not any(n == "ITALIENNE" for n, _, _, _ in roles), roles


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # a mayor who also sits in Parliament, as pages before 2017 call him
        ("Le Député Maire de Sisteron a reçu le maire de Fidenza.", "commune:04209"),
        ("Le sénateur-maire de Quimper a reçu une délégation allemande.", "commune:29232"),
    ],
)
def test_a_mayor_who_is_also_a_member_of_parliament(text: str, code: str) -> None:
    found = find_actors(text)
    assert (code, "collectivite") in {(m.code, m.type) for m in found}, found
    assert not any(m.type == "french_state" for m in found), found

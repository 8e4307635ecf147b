"""Issue 11: a text that says the French side takes no part is not AICT (nlp/disclaimers.py).

Every text here was written for these tests.
"""

from __future__ import annotations

import pytest

from nlp.decision import analyse
from nlp.disclaimers import french_side_disclaims

CASES = [
    # The council says it will decide nothing.
    (
        "Budget : pas de hausse d'impôts à Millau",
        "Interrogé sur l'aide annoncée par le Quai d'Orsay pour l'Arménie, le maire a répondu que "
        "la commune s'en tiendrait aux dons des habitants et qu'aucune délibération n'était "
        "prévue.",
        True,
    ),
    # A French council named just before the negated part.
    (
        "Gelderland cherche des repreneurs à Lille",
        "Une délégation de la province néerlandaise de Gelderland a reçu mardi une vingtaine de "
        "chefs d'entreprise dans un hôtel lillois. La Métropole européenne de Lille n'était pas "
        "associée à la démarche.",
        True,
    ),
    # "Aucun élu …" with a French gentilé, and a phrase of its own.
    (
        "Le maire de Kalisz à Angers",
        "Le maire de la ville polonaise de Kalisz a visité jeudi une fonderie angevine dont le "
        "groupe possède une usine chez lui. Aucun élu angevin n'y a pris part.",
        True,
    ),
    (
        "Voie verte",
        "La commune de Comines-Warneton prolonge sa piste cyclable. « Nous n'avons pas de "
        "partenaire français sur ce tronçon », admet l'échevine.",
        True,
    ),
    (
        "Collecte pour le Liban",
        "La paroisse maronite a réuni 12 000 euros pour les familles déplacées du Liban. Le "
        "maire assistait à la messe à titre personnel ; la municipalité n'a pas engagé de fonds.",
        True,
    ),
    # a "ni … ni" negation, in a quote
    (
        "L'AFD finance l'eau de Kaya",
        "L'Agence française de développement finance un réseau d'eau à Kaya, au Burkina Faso. "
        "Interrogée, l'agglomération du Grand Chalon indique qu'elle n'est « ni partenaire ni "
        "financeur » du programme.",
        True,
    ),
    (
        "Sardaigne",
        "La Sardaigne lance seule sa campagne de promotion touristique. Du côté de la "
        "Collectivité de Corse, on dit n'avoir pas été consulté.",
        True,
    ),
    (
        "Hôpitaux",
        "Le centre hospitalier de Bayonne signe une convention avec l'hôpital de Saint-Sébastien."
        "\n\nLa Ville est-elle associée ?\n\n« Non, c'est un accord entre établissements. »",
        True,
    ),
    (
        "Hôpitaux",
        "La Ville de Bayonne signe une convention avec Saint-Sébastien.\n\nLa Ville est-elle "
        "associée à l'hôpital ?\n\n« Oui, depuis 2019. »",
        False,
    ),
    # The verb of taking part negated in its own tense, an infinitive, "sans", "ni … ni".
    (
        "Tram",
        "Le canton de Genève prolonge sa ligne de tram jusqu'à la frontière. La Ville de "
        "Saint-Julien-en-Genevois ne participe pas au financement des travaux.",
        True,
    ),
    (
        "Convoi militaire",
        "L'armée a chargé à Mourmelon du matériel médical pour l'Ukraine. Le Département de la "
        "Marne « n'intervient pas dans cette opération, qui relève de l'État ».",
        True,
    ),
    (
        "Bus transfrontalier",
        "La province de Guipuscoa lance une ligne de bus vers Hendaye. La Ville d'Hendaye "
        "indique ne pas avoir été associée au projet.",
        True,
    ),
    (
        "Convention d'élevage",
        "La chambre d'agriculture a signé une convention avec un institut navarrais. Le maire de "
        "Saint-Jean-Pied-de-Port a prêté la salle, sans prendre part à l'accord.",
        True,
    ),
    (
        "Mission à Alger",
        "Une société marseillaise de logistique conduit cette semaine une mission à Alger. Ni la "
        "Métropole ni la Ville de Marseille n'y sont associées.",
        True,
    ),
    # an act the council says it did not do; a grant it does not give
    (
        "Folkestone",
        "Le maire de Folkestone est venu en touriste. La Ville de Boulogne n'a organisé aucune "
        "réception.",
        True,
    ),
    (
        "Cyclone",
        "Une entreprise envoie 60 000 euros au Mozambique. Le Département de la Vienne, "
        "sollicité, indique ne pas avoir prévu d'aide à ce stade.",
        True,
    ),
    (
        "Puits",
        "L'association creuse des puits au Burkina Faso. « Nous ne recevons aucune subvention "
        "de la Ville ni du Département », dit sa présidente.",
        True,
    ),
    # a council word the reference data does not name, with no country among its words
    (
        "Tram",
        "Le canton de Genève prolonge son tram jusqu'à Moillesulaz. Arve Agglo n'a pas été "
        "sollicitée pour le financement.",
        True,
    ),
    # taking part otherwise: "pas seulement", "pas directement"
    (
        "Tram",
        "Le canton de Genève prolonge son tram. La Ville d'Annemasse ne participe pas seulement "
        "au financement : elle a détaché deux ingénieurs auprès du canton.",
        False,
    ),
    (
        "Tram",
        "Le canton de Genève prolonge son tram. La Ville d'Annemasse ne finance pas directement "
        "les travaux mais verse sa part au groupement transfrontalier.",
        False,
    ),
    # The one who takes no part is foreign, a territory, the State, or nobody in particular.
    (
        "Voie verte",
        "La commune belge de Quévy prolonge sa piste cyclable jusqu'à la frontière. Aucun élu "
        "belge n'était présent côté français, où la Ville de Maubeuge a posé la première pierre "
        "de son tronçon.",
        False,
    ),
    (
        "Comores",
        "La Région Réunion soutient un programme d'eau potable à Anjouan, aux Comores. Mayotte, "
        "département français, n'est pas concernée par ce dispositif.",
        False,
    ),
    (
        "Voiron",
        "Plus aucun élu voironnais ne s'est rendu au Mali depuis 2019, mais le conseil municipal "
        "a reconduit sa subvention au partenariat avec Nioro du Sahel.",
        False,
    ),
    (
        "Rezé",
        "La Ville de Rezé a voté une aide de 10 000 euros pour les sinistrés du séisme au Maroc. "
        "L'ambassade n'a pas été associée à la collecte.",
        False,
    ),
    (
        "Kharkiv",
        "La Ville de Lille a voté une aide à Kharkiv, sans aide de l'État.",
        False,
    ),
    (
        "Incendies",
        "La Ville de Perpignan a voté une aide pour les sinistrés de Catalogne. La commune "
        "espagnole de Figueres ne participe pas au dispositif.",
        False,
    ),
    # Having no link or partnership, "ni … ni" with a verb, not a party, only a relay.
    (
        "Mission au Cap-Vert",
        "Le député a conduit une mission parlementaire au Cap-Vert. La commune de Lorient n'a "
        "« aucun lien » avec ce déplacement, précise le cabinet du maire.",
        True,
    ),
    (
        "Festival",
        "Des groupes de Galice ont animé le port tout le week-end. « Nous n'avons pas de "
        "partenariat avec la Galice », rappelle la Ville de Douarnenez.",
        True,
    ),
    (
        "Stage au Togo",
        "Huit élèves infirmiers partent trois mois au Togo avec leur institut. Ni la Ville ni "
        "la Région ne financent ce stage.",
        True,
    ),
    (
        "Apprentissage",
        "Berlin et Paris ont signé un accord sur l'apprentissage transfrontalier. La Région Grand "
        "Est, qui n'est pas partie à cet accord, en suivra la mise en œuvre.",
        True,
    ),
    (
        "Fête nationale du Cap-Vert",
        "Le consulat du Cap-Vert a organisé la fête nationale au parc des expositions. La "
        "Ville de Nantes a seulement prêté le hall et les barrières.",
        True,
    ),
    (
        "Eaux usées",
        "« Ce n'est pas de la coopération internationale : nous mettons en commun deux stations "
        "d'épuration », explique le président de la communauté de communes du Pays de Gex.",
        True,
    ),
    # A look-alike named in a complement before the verb is not its subject.
    (
        "Jumelage des diocèses",
        "L'évêque de Quimper a signé le jumelage avec le diocèse de Kaolack. Le maire de "
        "Quimper, venu à la messe de la cathédrale, n'a pas pris part à la signature.",
        True,
    ),
    (
        "Coopération avec Kaya",
        "La Ville de Chalon a signé lundi une convention avec la commune de Kaya, dont le maire "
        "n'était pas présent mais s'est exprimé par visioconférence.",
        False,
    ),
    # A relay's other senses: the council that only begins, or that has a partner.
    (
        "Kayes",
        "La coopération de la Ville de Saint-Brieuc avec Kayes ne fait que commencer : une "
        "convention a été votée lundi.",
        False,
    ),
    (
        "Tübingen",
        "La Ville de Dijon n'a pas de partenaire plus ancien que Tübingen, dont elle reçoit le "
        "maire samedi pour les 65 ans du jumelage.",
        False,
    ),
]


@pytest.mark.parametrize(("title", "text", "disclaims"), CASES)
def test_who_says_the_french_side_takes_no_part(title: str, text: str, disclaims: bool) -> None:
    found = analyse(title, text)
    assert french_side_disclaims(found.full, found.actors, found.countries) is disclaims


def test_a_foreign_town_canvassing_in_france_with_and_without_the_council(tag_actors) -> None:  # type: ignore[no-untyped-def]
    """The same visit twice: hosted by the Région, it is AICT; told with the Région standing
    aside, the French towns are only where it happens."""
    story = (
        "Une délégation de la région marocaine de l'Oriental, conduite par le président de son "
        "conseil régional, a présenté mardi à Nantes puis à Angers les zones d'activités de "
        "Nador et d'Oujda à une trentaine de chefs d'entreprise de l'agroalimentaire. "
    )
    title = "L'Oriental marocain cherche des investisseurs dans les Pays de la Loire"
    hosted = story + (
        "La Région Pays de la Loire, qui a signé en 2022 un accord de coopération avec "
        "l'Oriental, avait organisé les rencontres et reçu la délégation à l'hôtel de région."
    )
    aside = story + (
        "La Région Pays de la Loire n'était pas associée à ces rencontres, organisées par "
        "l'agence marocaine de promotion des investissements."
    )
    assert tag_actors(hosted, title)["is_aict"]
    assert not tag_actors(aside, title)["is_aict"]

"""Boilerplate lines out, article sentences kept (issue 12, item 7)."""

from __future__ import annotations

import pytest

from crawlers.cleaning import compile_patterns, default_patterns, strip_boilerplate

PROSE = [
    "Le conseil municipal a voté lundi une subvention de 12 000 euros pour le comité de "
    "jumelage, qui fête cette année les quarante ans de ses liens avec Ravensburg.",
    "Elle annonce aussi la création d'une newsletter trimestrielle consacrée aux actions "
    "internationales de la commune, envoyée aux associations partenaires.",
    "Les abonnés du réseau de bus pourront se rendre gratuitement à la fête du jumelage.",
    "« Nous voulons que les jeunes lisent aussi la presse allemande », a expliqué l'adjointe.",
    "Le comité invite les familles à s'inscrire avant le 12 mai pour accueillir un lycéen.",
    "Inscrivez-vous à l'atelier de cuisine souabe avant vendredi, au 02 99 00 00 00.",
    "Photos et souvenirs de quarante ans d'échanges",
    "Related costs rose by three per cent, the council said.",
    "Une offre spéciale a été votée par le conseil pour les familles des lycéens.",
    "Restez informés des dates du voyage : la réunion aura lieu le 3 juin à la mairie.",
]

BOILERPLATE = [
    "Vos choix concernant l'utilisation de cookies",
    "Nous et nos partenaires utilisons des cookies pour mesurer l'audience et personnaliser "
    "le contenu.",
    "France Télévisions et ses partenaires utilisent des cookies et des technologies similaires.",
    "Vous pouvez accepter ou refuser ces traceurs, ou personnaliser vos choix.",
    "Continuer sans accepter",
    "Tout accepter",
    "Inscrivez-vous gratuitement à notre newsletter",
    "Recevez chaque matin l'essentiel de l'actualité de Saint-Malo",
    "Lire aussi : Jumelage : quarante ans d'amitié franco-allemande",
    "À lire aussi",
    "A lire également : les lycéens de Ravensburg reçus en mairie",
    "Lire la suite",
    "Partager :",
    "Partager sur Facebook",
    "Ajouter à mes favoris",
    "Temps de lecture : 3 min",
    "Lecture 3 min",
    "4 min de lecture",
    "Créez votre compte gratuit",
    "Inscrivez-vous gratuitement pour suivre l'actualité de votre commune",
    "Je crée mon compte",
    "Abonnez-vous",
    "Déjà abonné ? Je me connecte",
    "Suivez-nous sur Google News pour ne rien manquer de l'actualité de Caen.",
    "Crédit photo : Romain Lasserre / SUD OUEST",
    "Photo Le Progrès/N.B.",
    "We and our partners use cookies to measure audience.",
    "Sign up to our newsletter",
    "Read more: the twinning in pictures",
    "Restez informé ! Inscrivez-vous à notre lettre d'information pour ne rien manquer.",
    "Accédez à tous les articles et à l'édition numérique. Offre spéciale : 1 € le premier mois.",
    "Offre découverte",
]


@pytest.mark.parametrize("line", BOILERPLATE)
def test_boilerplate_lines_are_recognised(line: str) -> None:
    assert default_patterns().family_of(line) is not None


@pytest.mark.parametrize("line", PROSE)
def test_article_sentences_are_not(line: str) -> None:
    assert default_patterns().family_of(line) is None


def test_a_text_keeps_its_sentences_and_paragraphs() -> None:
    text = "\n".join(
        [PROSE[0], "Lire aussi : Jumelage, les photos", "", PROSE[1], "Temps de lecture : 3 min"]
    )
    assert strip_boilerplate(text) == f"{PROSE[0]}\n\n{PROSE[1]}"


def test_patterns_are_data() -> None:
    custom = compile_patterns({"promo": ["offre spéciale.*"]})
    assert strip_boilerplate("Offre spéciale : -50 %\nUn vrai texte.", custom) == "Un vrai texte."


def test_a_long_paragraph_is_never_boilerplate() -> None:
    line = "Lire aussi " + "le long rapport de la commission sur les jumelages " * 20
    assert default_patterns().family_of(line) is None

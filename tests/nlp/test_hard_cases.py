"""The hard cases of taxonomy.md, one by one, through the whole packaged tagger."""

from __future__ import annotations

import pytest

NEGATIVES = {
    "jumelage_de_classes": (
        "Jumelage entre deux classes",
        "Les élèves de CM2 de l'école Jules-Ferry et ceux de la classe de Mme Perrin, à l'école du "
        "Centre, ont inauguré leur jumelage : correspondance toute l'année et une sortie commune "
        "au musée de la ville en juin. Les enseignantes veulent renouveler l'expérience.",
    ),
    "delegation_de_service_public": (
        "Piscine : la délégation de service public renouvelée",
        "Le conseil municipal a approuvé lundi le renouvellement de la délégation de service "
        "public de la piscine municipale pour six ans. Le délégataire s'engage à rénover les "
        "vestiaires et à ouvrir le bassin extérieur dès le mois de mai.",
    ),
    "urgences_hospitalieres": (
        "Urgences : l'hôpital sous tension",
        "Le service des urgences du centre hospitalier a accueilli plus de 180 patients ce week-end. "
        "La direction appelle à consulter son médecin traitant et rappelle le numéro du 15 avant "
        "de se déplacer pour les soins non urgents.",
    ),
    "cooperation_intercommunale": (
        "Coopération intercommunale pour les déchets",
        "Les communes de la vallée renforcent leur coopération intercommunale : un nouveau "
        "syndicat gérera la collecte des déchets et la déchetterie à partir de janvier, avec une "
        "redevance harmonisée pour les 24 000 habitants.",
    ),
    "club_delegation": (
        "Handball : la délégation du club en route pour la finale",
        "Une délégation de quarante joueurs, entraîneurs et supporters du club de handball a pris "
        "la route vendredi pour la finale de la Coupe de France. Le président du club promet une "
        "fête sur la place de la mairie en cas de victoire.",
    ),
    "tempete_domestique": (
        "Tempête : des dégâts sur tout le littoral",
        "La tempête a arraché des toitures et couché des arbres de Brest à Quimper. Les pompiers "
        "sont intervenus plus de 300 fois et des milliers de foyers restent privés d'électricité "
        "ce matin dans le Finistère.",
    ),
}

POSITIVES = {
    "cooperation": (
        "Eau potable : Poitiers renouvelle son partenariat avec Bobo-Dioulasso",
        "Le conseil municipal de Poitiers a voté une nouvelle convention de coopération "
        "décentralisée avec la commune de Bobo-Dioulasso, au Burkina Faso. Sur trois ans, la Ville "
        "consacre 120 000 euros à l'extension du réseau d'eau potable et à la formation des agents "
        "municipaux burkinabè, au titre de la loi Oudin-Santini.",
        "BF",
    ),
    "emergency": (
        "Séisme : la Région vote une aide d'urgence",
        "La Région Occitanie a voté une aide d'urgence de 200 000 euros pour les victimes du "
        "séisme qui a frappé la Turquie et la Syrie. La somme est versée au fonds d'action "
        "extérieure des collectivités territoriales géré par le centre de crise.",
        "TR",
    ),
}


@pytest.mark.parametrize("case", sorted(NEGATIVES))
def test_hard_negatives_are_not_aict(tag_one, case: str) -> None:  # type: ignore[no-untyped-def]
    title, text = NEGATIVES[case]
    record = tag_one(text, title)
    assert record["is_aict"] is False, record
    assert record["partner_countries"] == [] and record["objects"] == []


@pytest.mark.parametrize("obj", sorted(POSITIVES))
def test_clear_positives(tag_one, obj: str) -> None:  # type: ignore[no-untyped-def]
    title, text, country = POSITIVES[obj]
    record = tag_one(text, title)
    assert record["is_aict"] is True
    assert obj in record["objects"]
    assert country in record["partner_countries"]
    assert record["actors"], record


def test_overseas_storm_is_domestic(tag_one) -> None:  # type: ignore[no-untyped-def]
    record = tag_one(
        "Le cyclone a dévasté Mayotte : le Département de la Manche envoie des bâches et des "
        "groupes électrogènes à Mamoudzou, en lien avec la préfecture.",
        "Solidarité avec Mayotte",
    )
    assert "YT" not in record["partner_countries"] and "FR" not in record["partner_countries"]


def test_long_text_is_segmented_not_crashed(tagger) -> None:  # type: ignore[no-untyped-def]
    from nlp.pipeline import TextIn

    title, text, _ = POSITIVES["cooperation"]
    block = text + "\nLes travaux de voirie continuent rue de la République.\n"
    long_text = block * 200
    saved = tagger.nlp.max_length
    tagger.nlp.max_length = 20_000  # the same code path as a text over 1,000,000 characters
    try:
        assert len(long_text) > tagger.nlp.max_length
        _, record = next(tagger.tag([TextIn("long", long_text, title)]))
    finally:
        tagger.nlp.max_length = saved
    assert record["is_aict"] is True and record["partner_countries"] == ["BF"]

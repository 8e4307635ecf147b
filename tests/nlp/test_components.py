"""Components and rules on small inputs (``spacy.blank("fr")`` where the model is not the point)."""

from __future__ import annotations

import spacy

from nlp import rules
from nlp.gazetteer import collectivite_index, country_index
from nlp.pipeline import TextIn, segments, skip_reason
from nlp.text import fold


def _codes(text: str) -> set[str]:
    return {m.code for m in country_index().find(text)}


def test_fold() -> None:
    assert fold("Coopération décentralisée’s ŒUVRE") == "cooperation decentralisee's œuvre"


def test_fold_matches_its_definition_on_any_text() -> None:
    """The fast path (one regex over the Latin marks) equals "drop every combining character"."""
    import random
    import unicodedata

    def by_definition(text: str) -> str:
        for typographic in "’ʼ‘`":
            text = text.replace(typographic, "'")
        text = text.replace("\u00a0", " ").replace("\u202f", " ")
        decomposed = unicodedata.normalize("NFKD", text)
        return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()

    rng = random.Random(5)
    pools = [(32, 0x250), (0x300, 0x370), (0x370, 0x3000), (0x1AB0, 0x1B00), (0x10000, 0x1F000)]
    for _ in range(5000):
        text = "".join(chr(rng.randrange(*rng.choice(pools))) for _ in range(24))
        assert fold(text) == by_definition(text), ascii(text)
    assert fold("e\u034f\u0301") == "e\u034f"  # the grapheme joiner is not a combining mark


def test_country_pairs_that_look_alike() -> None:
    assert _codes("La Guinée-Bissau et la Guinée équatoriale") == {"GW", "GQ"}
    assert _codes("une mission en Guinée") == {"GN"}
    assert _codes("au Niger, pas au Nigeria") == {"NE", "NG"}
    assert _codes("la RDC et le Congo-Brazzaville") == {"CD", "CG"}
    assert _codes("la ville burkinabè de Réo") == {"BF"}
    assert _codes("les jeunes malgaches") == {"MG"}


def test_french_territories_and_homonyms_are_not_countries() -> None:
    assert _codes("cyclone à Mayotte et en Guadeloupe, aide pour La Réunion") == set()
    assert _codes("Dominique Martin, adjoint, et Maurice Durand") == set()
    assert _codes("le long du fleuve Niger") == set()
    assert _codes("ce n'est pas le Pérou") == set()
    assert _codes("l'île de la Dominique") == {"DM"}


def test_actors_need_a_cue_or_a_council_acting() -> None:
    index = collectivite_index()
    assert {m.code for m in index.find("La ville de Valence accueille")} == {"commune:26362"}
    assert {m.code for m in index.find("Le Département du Cher lance")} == {"dep:18"}
    assert {m.code for m in index.find("la Région Bretagne finance")} == {"reg:53"}
    assert {m.code for m in index.find("Le conseil départemental de l'Oise vote")} == {"dep:60"}
    # A town named as a place, with no council acting, is not an actor.
    assert index.find("Un accident s'est produit près de Valence hier soir.") == []
    # Overseas single authorities are French actors.
    assert {m.code for m in index.find("la Collectivité territoriale de Martinique")} == {"reg:02"}
    assert index.find("La ville de Chambéry")[0].name == "Chambéry"


def test_prefilter_lets_aict_words_through_and_stops_plain_news() -> None:
    assert rules.is_candidate(fold("Le comité de jumelage reçoit ses amis allemands"))
    assert rules.is_candidate(fold("Aide aux sinistrés du séisme"))
    assert not rules.is_candidate(fold("Le FC Lorient s'impose face à Brest samedi soir."))
    # a consul and a consulate, not a consultation nor a document "consultable" in mairie
    assert rules.is_candidate(fold("Le consul général a inauguré l'exposition."))
    assert rules.is_candidate(fold("Le consulat organise une permanence."))
    assert not rules.is_candidate(fold("Le compte rendu est consultable en mairie."))
    assert not rules.is_candidate(fold("La consultation publique s'ouvre lundi."))
    # the FACECO by its full name
    assert rules.is_candidate(fold("versée au fonds d'action extérieure des collectivités"))


def test_strong_terms_need_a_council_and_sometimes_a_foreign_place() -> None:
    text = fold("la ville adhère à Cités Unies France")
    assert rules.strong_objects(text, council_acts=True, foreign_place=False) == {"networks"}
    assert rules.strong_objects(text, council_acts=False, foreign_place=False) == set()
    twin = fold("le comité de jumelage de la commune")
    assert rules.strong_objects(twin, council_acts=True, foreign_place=False) == set()
    assert rules.strong_objects(twin, council_acts=True, foreign_place=True) == {"twinning"}
    # the water law under its full name, and its "1 % eau"
    for said in ("financé au titre de la loi Oudin-Santini", "grâce au dispositif « 1 % eau »"):
        assert rules.is_candidate(fold(said))
        assert rules.strong_objects(fold(said), council_acts=True, foreign_place=True) == {
            "cooperation"
        }


def test_prefilter_component_on_a_blank_pipeline() -> None:
    nlp = spacy.blank("fr")
    nlp.add_pipe("aict_prefilter")
    assert nlp("Partenariat avec la ville de Bamako")._.aict_candidate
    doc = nlp("Travaux rue de la Gare jusqu'à vendredi")
    assert not doc._.aict_candidate and doc._.aict_reason == "no AICT term"


def test_segments_cut_long_texts_at_paragraphs() -> None:
    text = ("Un paragraphe assez long. " * 40 + "\n") * 50
    pieces = segments(text, 5000)
    assert "".join(pieces) == text
    assert all(len(p) <= 5000 for p in pieces)


def test_skip_reasons() -> None:
    assert skip_reason(TextIn("1", "", "")) == "empty text"
    assert skip_reason(TextIn("2", "12 345 — 678", "")) == "no words"
    english = "The town council approved the budget for the new library and sports hall " * 3
    assert skip_reason(TextIn("3", english)).startswith("not French")
    assert (
        skip_reason(TextIn("4", "Conseil municipal : le budget de la médiathèque est voté " * 3))
        is None
    )

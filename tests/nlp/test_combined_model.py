"""The default model (nlp/model/combined): the actor-aware decision with the issue-4
classifier's delegation, built from the two packaged folders (nlp.modelspec)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nlp.decision import with_borrowed_objects
from nlp.modelspec import ModelSpec
from nlp.pipeline import Tagger, TextIn, build_pipeline
from nlp.record import TagRecord
from nlp.version import DEFAULT_MODEL, MODELS, compute_nlp_version, tagger_files


def test_plain_model_folders_read_themselves() -> None:
    for name in ("classic", "actors"):
        spec = ModelSpec.load(MODELS[name])
        assert spec.decision == MODELS[name] and spec.borrowed is None
        assert spec.files_root == MODELS[name]


def test_the_default_combines_the_two_packaged_models() -> None:
    assert DEFAULT_MODEL == "combined"
    spec = ModelSpec.load(MODELS["combined"])
    assert spec.decision == MODELS["actors"].resolve()
    assert spec.borrowed == MODELS["classic"].resolve()
    assert spec.borrowed_labels == ("delegation",)
    assert spec.files_root == MODELS["classic"].resolve()
    hashed = {p.resolve() for p in tagger_files(MODELS["combined"])}
    for folder in (spec.decision, spec.borrowed):
        assert (folder / "classifier" / "weights.npz").resolve() in hashed
        assert (folder / "thresholds.json").resolve() in hashed


def test_a_combined_folder_elsewhere(tmp_path: Path) -> None:
    """A manifest's folders are relative to it; its version covers what it names."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "thresholds.json").write_text("{}", encoding="utf-8")
    (tmp_path / "b" / "thresholds.json").write_text("{}", encoding="utf-8")
    mix = tmp_path / "mix"
    mix.mkdir()
    meta = {
        "name": "aict",
        "version": "9",
        "combines": {
            "decision": "../a",
            "borrowed_objects": {"model": "../b", "labels": ["delegation", "twinning"]},
        },
    }
    (mix / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    spec = ModelSpec.load(mix)
    assert (spec.decision, spec.borrowed) == (
        (tmp_path / "a").resolve(),
        (tmp_path / "b").resolve(),
    )
    assert spec.borrowed_labels == ("delegation", "twinning")
    assert spec.files_root == tmp_path.resolve()
    resources, refdata = tmp_path / "resources", tmp_path / "refdata"
    before = compute_nlp_version(mix, resources, refdata, packages=())
    (tmp_path / "b" / "thresholds.json").write_text('{"delegation": 0.4}', encoding="utf-8")
    assert compute_nlp_version(mix, resources, refdata, packages=()) != before


def _record(objects: tuple[str, ...], scores: dict[str, float]) -> TagRecord:
    return TagRecord(True, 0.8, objects, scores, (), (), ("SN",))


def test_borrowed_scores_decide_their_labels_only() -> None:
    scores = {"cooperation": 0.7, "delegation": 0.6, "twinning": 0.1}
    thresholds = {"cooperation": 0.5, "delegation": 0.5, "twinning": 0.5} | {
        o: 0.5 for o in ("attractiveness", "emergency", "european", "networks", "citizenship")
    }
    dropped = with_borrowed_objects(
        _record(("cooperation", "delegation"), scores),
        {"delegation": 0.2},
        {**thresholds, "delegation": 0.3},
    )
    assert dropped.objects == ("cooperation",)
    assert dropped.object_scores["delegation"] == 0.2
    assert dropped.object_scores["cooperation"] == 0.7
    assert dropped.partner_countries == ("SN",) and dropped.is_aict
    added = with_borrowed_objects(
        _record(("cooperation",), scores), {"delegation": 0.35}, {**thresholds, "delegation": 0.3}
    )
    assert added.objects == ("cooperation", "delegation")


def test_an_aict_record_keeps_one_object() -> None:
    """When the borrowed label was its only object, the most likely object stands."""
    scores = {"delegation": 0.9, "twinning": 0.4}
    thresholds = {o: 0.5 for o in scores} | {
        o: 0.5
        for o in ("cooperation", "attractiveness", "emergency", "european", "networks")
        + ("citizenship",)
    }
    record = with_borrowed_objects(
        _record(("delegation",), scores), {"delegation": 0.1}, thresholds
    )
    assert record.objects == ("twinning",)


@pytest.fixture(scope="module")
def three_records(tagger, actors_tagger, classic_tagger):  # type: ignore[no-untyped-def]
    texts = [
        TextIn(
            "1",
            "Le maire de Poitiers a reçu jeudi une délégation de Bobo-Dioulasso, au Burkina Faso, "
            "pour signer l'avenant à la convention de coopération décentralisée sur l'eau.",
            "Coopération",
        ),
        TextIn(
            "2",
            "Le conseil départemental de la Manche a voté une aide d'urgence de 30 000 euros pour "
            "les victimes des inondations au Bangladesh, versée au Fonds d'action extérieure.",
            "Solidarité",
        ),
        TextIn(
            "3",
            "Le ministre des Affaires étrangères a reçu son homologue marocain à Paris pour "
            "signer trois accords de coopération entre les deux États.",
            "Diplomatie",
        ),
    ]
    return {
        name: dict(t.tag(texts))
        for name, t in (("default", tagger), ("actors", actors_tagger), ("classic", classic_tagger))
    }


def test_the_default_decides_as_the_actors_model(three_records) -> None:  # type: ignore[no-untyped-def]
    for key, record in three_records["default"].items():
        actors = three_records["actors"][key]
        assert record.is_aict == actors.is_aict, key
        assert record.partner_countries == actors.partner_countries
        assert record.actors == actors.actors
        kept = [o for o in record.objects if o != "delegation"]
        assert kept == [o for o in actors.objects if o != "delegation"] or len(actors.objects) == 1
    assert three_records["default"]["1"].is_aict and three_records["default"]["2"].is_aict
    assert not three_records["default"]["3"].is_aict  # State diplomacy, no council


def test_the_default_takes_delegation_from_the_issue_4_classifier(three_records) -> None:  # type: ignore[no-untyped-def]
    classic = build_pipeline(MODELS["classic"]).get_pipe("aict_decide").thresholds["delegation"]
    for key, record in three_records["default"].items():
        if not record.is_aict:
            continue
        score = record.object_scores["delegation"]
        assert ("delegation" in record.objects) == (score >= classic), (key, score, classic)
        assert score != three_records["actors"][key].object_scores["delegation"]


def test_the_default_pipeline_is_built_from_the_actors_folder() -> None:
    nlp = build_pipeline(MODELS["combined"])
    assert nlp.get_pipe("aict_classifier").model_dir == MODELS["actors"].resolve() / "classifier"
    borrowed = nlp.get_pipe("aict_decide").borrowed
    assert borrowed is not None and borrowed.labels == ("delegation",)
    assert isinstance(Tagger(nlp), Tagger)

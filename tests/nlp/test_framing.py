"""Framing (issue 15 item 3): the gate on the held-out test split, the corpus discipline, the
distribution, the record's new key and nlp_version."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from nlp.framing import (
    FRAMES,
    FRAMING_DIR,
    FrameClassifier,
    cue_counts,
    normalise,
    packaged_classifier,
    primary_frame,
    split_sentences,
    with_frames,
)
from nlp.framing_eval import FLOORS_FILE, evaluate, f1_scores, failures, markdown, read_units
from nlp.record import CONTRACT_KEYS, TagRecord
from nlp.text import fold
from tests.support.data import make_tag


@pytest.fixture(scope="module")
def train() -> list[dict]:
    return list(read_units("train"))


@pytest.fixture(scope="module")
def test_units() -> list[dict]:
    return list(read_units("test"))


@pytest.mark.parametrize("split", ["test", "test2"])
def test_framing_gate_meets_the_floors(split: str) -> None:
    """Both held-out splits; test2 was written by a writer who saw no training unit."""
    result = evaluate(split)
    floors = json.loads(FLOORS_FILE.read_text(encoding="utf-8"))
    assert failures(result, floors) == [], markdown(result)
    assert result["units"] >= 120


def test_framing_floors_are_at_least_the_issue_target() -> None:
    floors = json.loads(FLOORS_FILE.read_text(encoding="utf-8"))
    assert floors["macro_f1"] >= 0.80
    assert set(floors["per_frame_f1"]) == set(FRAMES)


def test_framing_corpus_sizes_balance_and_split_hygiene(train, test_units) -> None:  # type: ignore[no-untyped-def]
    assert len(train) >= 300 and len(test_units) >= 120
    for units in (train, test_units):
        counts = {f: sum(u["frame"] == f for u in units) for f in FRAMES}
        assert min(counts.values()) >= 0.2 * len(units), counts  # balanced over the frames
        assert sum(len(u.get("frames") or {}) > 1 for u in units) >= 10  # mixed-frame texts
        for unit in units:
            assert unit["kind"] in ("sentence", "text") and unit["channel"] in ("council", "press")
            gold = unit.get("frames") or {unit["frame"]: 1.0}
            assert set(gold) <= set(FRAMES) and abs(sum(gold.values()) - 1) < 1e-9, unit["id"]
            assert primary_frame(gold) == unit["frame"], unit["id"]
    assert not {u["id"] for u in train} & {u["id"] for u in test_units}
    assert not {fold(u["text"]) for u in train} & {fold(u["text"]) for u in test_units}
    test2 = list(read_units("test2"))
    assert not {fold(u["text"]) for u in train} & {fold(u["text"]) for u in test2}


def test_framing_training_never_read_the_test_split() -> None:
    summary = json.loads((FRAMING_DIR / "training.json").read_text(encoding="utf-8"))
    assert summary["train_units"] == len(list(read_units("train")))
    source = (Path(__file__).parents[2] / "nlp" / "framing_train.py").read_text(encoding="utf-8")
    assert 'read_units("test")' not in source and "test2" not in source


def test_framing_scores_by_hand() -> None:
    gold = ["solidarity", "solidarity", "interest", "institutional"]
    pred = ["solidarity", "interest", "interest", "reciprocity"]
    scores = f1_scores(gold, pred)
    assert scores["solidarity"] == {"p": 1.0, "r": 0.5, "f1": 0.6667, "support": 2}
    assert scores["interest"] == {"p": 0.5, "r": 1.0, "f1": 0.6667, "support": 1}
    assert scores["institutional"]["f1"] == scores["reciprocity"]["f1"] == 0.0


def test_framing_distribution_is_normalised() -> None:
    shares = normalise({"solidarity": 2, "interest": 1})
    assert shares == {
        "solidarity": 0.667,
        "reciprocity": 0.0,
        "interest": 0.333,
        "institutional": 0.0,
    }
    assert sum(normalise({"reciprocity": 1, "interest": 1, "solidarity": 1}).values()) == 1.0
    assert normalise({}) == dict.fromkeys(FRAMES, 0.25)


def test_framing_cues_and_sentences() -> None:
    counts = cue_counts(fold("Des retombées économiques et l'attractivité du territoire."))
    assert counts[FRAMES.index("interest")] >= 2 and counts[FRAMES.index("solidarity")] == 0
    assert split_sentences("La ville vote. « Merci », dit-il.\nPuis la fête.") == [
        "La ville vote.",
        "« Merci », dit-il.",
        "Puis la fête.",
    ]


def test_framing_of_a_mixed_text() -> None:
    """A council item that votes a convention for water access reads institutional and
    solidarity, not interest."""
    shares = packaged_classifier().distribution(
        "Convention avec la commune de Gao",
        "Le conseil municipal approuve la convention de coopération et autorise le maire à la "
        "signer. La ville aidera les familles les plus pauvres à accéder à l'eau potable.",
    )
    assert set(shares) == set(FRAMES) and abs(sum(shares.values()) - 1) < 1e-9
    top_two = sorted(shares, key=shares.get, reverse=True)[:2]
    assert set(top_two) == {"institutional", "solidarity"}, shares


def test_frames_only_for_aict_records_and_a_new_json_key() -> None:
    negative = make_tag((), is_aict=False)
    assert with_frames(negative, "Match", "Le club a gagné.") is negative
    assert "frames" not in negative.to_json()
    framed = with_frames(make_tag(), "Collecte", "La ville envoie des dons aux sinistrés.")
    data = framed.to_json()
    assert list(data) == [k for k in CONTRACT_KEYS if k != "reason"]  # existing keys unchanged
    assert list(data["frames"]) == list(FRAMES) and primary_frame(data["frames"]) == "solidarity"
    assert TagRecord.from_json(data) == framed
    assert TagRecord.from_json({k: v for k, v in data.items() if k != "frames"}).frames == ()
    with pytest.raises(ValueError, match="unknown frames"):
        replace(framed, frames={"charity": 1.0})


def test_framing_weights_and_cues_are_in_nlp_version(tmp_path: Path) -> None:
    from nlp.version import MODEL_DIR, REFDATA_DIR, RESOURCES_DIR, compute_nlp_version, tagger_files

    assert FRAMING_DIR / "weights.npz" in tagger_files()
    assert RESOURCES_DIR / "frame_cues.yaml" in tagger_files()
    copy = shutil.copytree(FRAMING_DIR, tmp_path / "framing_model")
    args = (MODEL_DIR, RESOURCES_DIR, REFDATA_DIR)
    before = compute_nlp_version(*args, packages=(), framing_dir=copy)
    (copy / "framing.json").write_text((copy / "framing.json").read_text() + "\n")
    assert compute_nlp_version(*args, packages=(), framing_dir=copy) != before


def test_framing_classifier_round_trips(tmp_path: Path) -> None:
    model = FrameClassifier.load()
    model.save(tmp_path)
    again = FrameClassifier.load(tmp_path)
    text = "Les entreprises du territoire prospectent le marché japonais."
    assert again.distribution("", text) == model.distribution("", text)

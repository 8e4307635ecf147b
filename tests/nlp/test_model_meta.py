"""The packaged actors model says how it was trained, and ``make train`` trains it that way."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from nlp.training.train import CHOOSER_ALSO, HELD_BACK, _weights_sha256
from nlp.version import MODELS


def test_packaged_actors_model_matches_the_training_defaults() -> None:
    folder = MODELS["actors"]
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    # The defaults of nlp.training.train (what `make train` runs) are the packaged model's.
    assert meta["excluded_batches"] == sorted(HELD_BACK)
    assert meta["chooser_also_batches"] == sorted(CHOOSER_ALSO & HELD_BACK)
    assert meta["stacker_also_batches"] == []
    # No test batch trains the packaged model, not even a spent sealed one.
    assert meta["trained_on"] == ["train", "dev"]
    # The weights on disk are the ones that training recorded.
    assert meta["model_sha256"] == _weights_sha256(folder)


def test_a_chooser_file_names_the_features_of_its_weights(tmp_path: Path) -> None:
    """The issue-4 chooser reads the first features only; saved, it names those and loads back
    as a legacy chooser with the same weights."""
    from nlp.countries import FEATURES, CountryRelevance

    legacy = CountryRelevance([0.5] * 14, 0.4)
    legacy.save(tmp_path / "countries.json")
    data = json.loads((tmp_path / "countries.json").read_text(encoding="utf-8"))
    assert data["features"] == list(FEATURES)[:14]
    again = CountryRelevance.load(tmp_path / "countries.json")
    assert again.legacy and list(again.weights) == [0.5] * 14
    for folder in (MODELS["classic"], MODELS["actors"]):
        packaged = json.loads((folder / "countries.json").read_text(encoding="utf-8"))
        assert len(packaged["features"]) == len(packaged["weights"])


def test_the_default_model_shares_the_trained_country_chooser() -> None:
    """`make train` writes one chooser for both models; the default reads it over the analysis's
    mentions, so a partner named by its town alone gives its country (the issue-4 chooser saw
    country names only)."""
    from nlp.countries import CountryRelevance
    from nlp.decision import decide
    from nlp.text import LABELS

    classic, actors = (MODELS[m] / "countries.json" for m in ("classic", "actors"))
    assert classic.read_bytes() == actors.read_bytes()
    chooser = CountryRelevance.load(classic)
    thresholds = json.loads((MODELS["classic"] / "thresholds.json").read_text(encoding="utf-8"))
    cats = dict.fromkeys(LABELS, 0.0) | {"AICT": 0.97, "cooperation": 0.9}
    record = decide(
        cats,
        "Vitré renouvelle son accord avec Tiznit",
        "Le conseil municipal de Vitré a renouvelé jeudi la convention de coopération qui le lie "
        "à la commune de Tiznit depuis 2009 : 12 000 euros pour l'adduction d'eau des écoles.",
        thresholds,
        None,
        chooser,
    )
    assert record.is_aict and record.partner_countries == ("MA",)


def test_only_spent_sealed_batches_may_train_a_candidate() -> None:
    """A gate batch or a sealed batch not yet scored never reaches a training run: one readable
    error, before anything is read or written."""
    from nlp.corpus_io import SPENT_SEALED, spent_sealed

    for batch in ("u1", "t2", "v13", "v99"):
        with pytest.raises(ValueError, match=f"not a spent sealed batch: {batch}"):
            spent_sealed(frozenset({batch, "v1"}))
    records = spent_sealed(frozenset({SPENT_SEALED[0]}))
    assert records and {r["id"].split("-")[1] for r in records} == {SPENT_SEALED[0]}


def test_the_training_command_refuses_an_unspent_batch(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "nlp.training.train",
            "--out",
            str(tmp_path / "m"),
            "--spent-sealed",
            "v13",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines()[-1].endswith("not a spent sealed batch: v13")
    assert not (tmp_path / "m").exists()


def test_refitting_the_chooser_leaves_the_decision_alone(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """`train --chooser-only` rewrites the country chooser and the weights' hash, nothing else:
    the classifier, its thresholds and the stacker (the AICT decision) stay byte for byte."""
    import shutil

    from nlp.corpus_io import read_split
    from nlp.training import train

    folder = tmp_path / "actors"
    shutil.copytree(MODELS["actors"], folder)
    before = {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    # A few texts keep the fit small (some of their candidate countries are partners, some not).
    records = [r for r in read_split("dev") if r["is_aict"]][:25]
    monkeypatch.setattr(train, "_training_records", lambda *args: (records, []))
    meta = train.refit_chooser(folder)
    after = {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    changed = {p for p in before if before[p] != after[p]}
    assert changed == {Path("countries.json"), Path("meta.json")}
    assert (
        meta["model_sha256"]
        == _weights_sha256(folder)
        != json.loads(before[Path("meta.json")])["model_sha256"]
    )
    assert meta["chooser_refitted_at"]
    # The classic model's copy of the chooser is written only when refitting the packaged one.
    assert (MODELS["classic"] / "countries.json").read_bytes() == before[Path("countries.json")]

"""The packaged actors model says how it was trained, and ``make train`` trains it that way."""

from __future__ import annotations

import json

from nlp.training.train import CHOOSER_ALSO, HELD_BACK, _weights_sha256
from nlp.version import MODELS


def test_packaged_actors_model_matches_the_training_defaults() -> None:
    folder = MODELS["actors"]
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    # The defaults of nlp.training.train (what `make train` runs) are the packaged model's.
    assert meta["excluded_batches"] == sorted(HELD_BACK)
    assert meta["chooser_also_batches"] == sorted(CHOOSER_ALSO & HELD_BACK)
    assert meta["stacker_also_batches"] == []
    # The weights on disk are the ones that training recorded.
    assert meta["model_sha256"] == _weights_sha256(folder)

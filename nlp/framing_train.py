"""Train the framing classifier on ``nlp/framing_corpus/train.jsonl`` (issue 15 item 3).

Settings (regularisation ``C``, cue weight, the mix of whole text and sentences) are chosen by
5-fold cross-validation on the training split only, by macro-F1 of the primary frame and then
by the texts' distance to their gold shares; the test split is never read here. The chosen
classifier is refit on the whole training split and written to ``nlp/framing_model/``.
Usage: ``python -m nlp.framing_train [--out DIR]``.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from nlp.framing import FRAMES, FRAMING_DIR, FrameClassifier
from nlp.framing_eval import predict, read_units, score

#: Grids searched by cross-validation (small: the corpus is small and training takes ~0.3 s).
C_GRID = (1.0, 4.0, 16.0)
CUE_GRID = (0.0, 1.0, 2.0)
WHOLE_SHARE_GRID = (0.3, 0.5, 0.7)
POWER_GRID = (1.0, 2.0)
FOLDS = 5
SEED = 15


def training_rows(units: Sequence[dict[str, Any]]) -> tuple[list[str], list[str], list[float]]:
    """One row per sentence, and one row per frame of a text weighted by its gold share, so a
    text half solidarity half interest teaches both frames half as much."""
    texts, labels, weights = [], [], []
    for unit in units:
        body = f"{unit.get('title', '')}\n{unit['text']}".strip()
        for frame, share in (unit.get("frames") or {unit["frame"]: 1.0}).items():
            if share > 0:
                texts.append(body)
                labels.append(frame)
                weights.append(float(share))
    return texts, labels, weights


def folds(units: Sequence[dict[str, Any]], k: int = FOLDS) -> list[list[dict[str, Any]]]:
    """``k`` folds stratified by kind and primary frame (seeded shuffle)."""
    ordered = sorted(units, key=lambda u: (u["kind"], u["frame"], u["id"]))
    random.Random(SEED).shuffle(ordered)
    ordered.sort(key=lambda u: (u["kind"], u["frame"]))
    return [ordered[i::k] for i in range(k)]


def fit(units: Sequence[dict[str, Any]], c: float, cue_weight: float) -> FrameClassifier:
    """A classifier fit on ``units`` with these settings."""
    return FrameClassifier(c, cue_weight).fit(*training_rows(units))


def cross_validate(
    units: Sequence[dict[str, Any]], c: float, cue_weight: float
) -> dict[tuple[float, float], dict[str, Any]]:
    """CV scores of every (whole_share, power) for one (C, cue weight): the mix settings only
    change inference, so each fold's model is fit once."""
    parts = folds(units)
    predictions: dict[tuple[float, float], dict[str, dict[str, float]]] = {}
    for i, held in enumerate(parts):
        model = fit([u for j, p in enumerate(parts) if j != i for u in p], c, cue_weight)
        for share, power in itertools.product(WHOLE_SHARE_GRID, POWER_GRID):
            model.whole_share, model.confidence_power = share, power
            predictions.setdefault((share, power), {}).update(predict(model, held))
    return {key: score(units, pred) for key, pred in predictions.items()}


def search(units: Sequence[dict[str, Any]]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The best settings by CV (macro-F1, then smallest text distance) and every trial."""
    trials = []
    for c, cue in itertools.product(C_GRID, CUE_GRID):
        for (share, power), result in cross_validate(units, c, cue).items():
            trials.append(
                {
                    "c": c,
                    "cue_weight": cue,
                    "whole_share": share,
                    "confidence_power": power,
                    "macro_f1": result["macro_f1"],
                    "text_mean_tv": result["text_mean_tv"],
                }
            )
    best = max(trials, key=lambda t: (t["macro_f1"], -t["text_mean_tv"]))
    return best, trials


def train(out: Path = FRAMING_DIR) -> dict[str, Any]:
    """Search, refit on all of train, save; return the chosen settings and their CV scores."""
    units = list(read_units("train"))
    best, trials = search(units)
    model = fit(units, best["c"], best["cue_weight"])
    model.whole_share, model.confidence_power = best["whole_share"], best["confidence_power"]
    model.save(out)
    summary = {"train_units": len(units), "frames": list(FRAMES), "cv_best": best}
    (out / "training.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return {**summary, "trials": len(trials)}


def main(argv: list[str] | None = None) -> int:
    """Train and print the chosen settings."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=FRAMING_DIR)
    args = parser.parse_args(argv)
    print(json.dumps(train(args.out), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

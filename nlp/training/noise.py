"""How much a retraining alone moves the gate: the actors model retrained with other fold seeds.

The actors model's floors (``models.actors`` in ``nlp/eval_floors.json``) are pinned at the
levels one training reached; the old test batches hold 165 AICT texts, so one text is 0.3 point
of F1. This tool retrains the model, same code and corpus, with the cross-validation folds of
each seed (the per-label thresholds, the stacker's weights, fitted on out-of-fold scores, and
its threshold depend on them; the final classifier and the country chooser do not) into a
temporary folder, scores each on the gate's test split and prints one JSON line per seed (the
main figures and every pinned floor it fails, ``failures``) and the range of the figures. It
never writes the packaged model. About 40 s per seed on 2 cores. Usage:
``python -m nlp.training.noise [--seeds 0,1,2,3,4]``.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path
from typing import Any

#: The gate's figures the tool reports, by test part.
FIGURES = {
    "old_batches": ("is_aict_f1", "macro_f1_headline3", "macro_f1_all8", "country_f1"),
    "new_batches": (
        "is_aict_f1",
        "lookalike_fp_rate",
        "macro_f1_headline3",
        "macro_f1_all8",
        "country_f1",
    ),
}


def figures(result: dict[str, Any]) -> dict[str, float]:
    """The gate result's figures of :data:`FIGURES`, named ``<part>.<figure>``."""
    return {
        f"{part}.{name}": result[part][name] for part, names in FIGURES.items() for name in names
    }


def spread(rows: list[dict[str, float]]) -> dict[str, tuple[float, float]]:
    """Lowest and highest value of each figure over the seeds."""
    return {key: (min(r[key] for r in rows), max(r[key] for r in rows)) for key in rows[0]}


def main() -> None:
    from nlp.evaluate import FLOORS_FILE, evaluate, model_failures
    from nlp.pipeline import Tagger, build_pipeline
    from nlp.training.train import train

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="0,1,2,3,4")
    args = parser.parse_args()
    seeds = sorted({int(s) for s in args.seeds.split(",") if s.strip()})
    if not seeds:
        parser.error("--seeds: give at least one seed")
    floors = json.loads(FLOORS_FILE.read_text(encoding="utf-8"))
    rows = []
    with tempfile.TemporaryDirectory(prefix="aict-noise-") as tmp:
        for seed in seeds:
            out = Path(tmp) / f"seed{seed}"
            out.mkdir()
            train(out, seed=seed)
            result = evaluate("test", Tagger(build_pipeline(out)))
            row = figures(result)
            rows.append(row)
            failed = model_failures(result, floors, "actors")
            print(json.dumps({"seed": seed, **row, "failures": failed}), flush=True)
    print(json.dumps({"range": spread(rows)}))


if __name__ == "__main__":
    main()

"""Fit the default (classic) model's learned veto into ``nlp/model/veto.json`` (``make train-veto``).

The classic model (issue 4) decides on its classifier's words: a State visit, a hospital's
partnership or a chamber's trade mission that names a council in passing reads like AICT, and
its rules (:func:`nlp.decision._lookalike_only`) only catch texts that name no council at all.
The veto is a logistic regression over the actor-aware decision's features
(:func:`nlp.decision.features`: the classifier's score, who acts, look-alike agents) fitted on
what the classic model, without the veto, calls AICT in the issue-11 training batches
(:data:`VETO_BATCHES`). Those batches were written after the classic classifier was trained,
so its scores there are honest, and they hold the look-alike families and minimal pairs.

The classic model's own training batches (b1–b5, d1: the style its issue-4 floors were
pinned on) take part too, with honest scores: each is tagged by a classic classifier refitted
on the other five (same settings, the packaged thresholds and country chooser). On the
packaged classifier's in-sample scores the veto would look harmless there and is not: a first
version fitted on n1–n10 alone kept every b/d text but cost the issue-4 test split one point
of is_aict F1 (docs/tagger.md).

Its threshold is the highest at which the veto removes at most :data:`MAX_LOST` of the AICT
texts the classic model finds, in leave-one-batch-out cross-validation, on the issue-11
batches and on the issue-4 batches alike. The packaged classifier, its thresholds and its
country chooser are untouched; the test split is never read. Usage: ``python -m nlp.training.veto [--out FILE]``.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression

from nlp.components import TitledText
from nlp.corpus_io import batch_of, read_split
from nlp.decision import FEATURES, features
from nlp.evaluate import is_lookalike
from nlp.text import AICT_LABEL
from nlp.version import MODELS

#: The training batches written for issue 11 (n1–n10): the classic classifier never saw them.
VETO_BATCHES = frozenset(f"n{i}" for i in range(1, 11))
#: Share of the classic model's cross-validated true positives the veto may remove.
MAX_LOST = 0.005
#: Regularisation, as the actors model's stacker (nlp.training.train.STACKER_C).
VETO_C = 1.0
#: Candidate thresholds, from the lowest (fewest texts vetoed).
VETO_GRID = [round(x, 2) for x in np.arange(0.05, 0.951, 0.05)]


@dataclass(frozen=True)
class VetoRows:
    """What the classic model without a veto calls AICT: features, gold, batch, family."""

    x: np.ndarray
    gold: np.ndarray
    lookalike: np.ndarray
    batches: np.ndarray
    ids: list[str]


def flagged_rows(records: list[dict[str, Any]], model_dir: Path = MODELS["classic"]) -> VetoRows:
    """Tag ``records`` with the classic pipeline, veto left out; keep the texts it calls AICT
    with the features of their analysis (the same analysis and score the decision read)."""
    from nlp.pipeline import build_pipeline

    nlp = build_pipeline(model_dir, with_veto=False)
    inputs = ((TitledText(r.get("title", ""), r["text"]), r) for r in records)
    x, gold, look, batches, ids = [], [], [], [], []
    for doc, r in nlp.pipe(inputs, as_tuples=True, batch_size=64):
        if not doc._.aict.is_aict:
            continue
        x.append(features(doc._.aict_analysis(), float(doc.cats.get(AICT_LABEL, 0.0))))
        gold.append(bool(r["is_aict"]))
        look.append(is_lookalike(r))
        batches.append(batch_of(r))
        ids.append(r["id"])
    return VetoRows(
        np.asarray(x), np.asarray(gold), np.asarray(look), np.asarray(batches), ids
    )


def concat(parts: list[VetoRows]) -> VetoRows:
    return VetoRows(
        np.vstack([p.x for p in parts]),
        np.concatenate([p.gold for p in parts]),
        np.concatenate([p.lookalike for p in parts]),
        np.concatenate([p.batches for p in parts]),
        [i for p in parts for i in p.ids],
    )


def own_rows_out_of_fold(
    own: list[dict[str, Any]], model_dir: Path = MODELS["classic"]
) -> VetoRows:
    """:func:`flagged_rows` of the classic classifier's own batches, each tagged by a
    classifier fitted (as the packaged one) on the other batches."""
    import shutil
    import tempfile

    from nlp.classifier import LinearTextClassifier
    from nlp.training.train import targets

    packaged = LinearTextClassifier.load(model_dir / "classifier")
    parts = []
    for batch in sorted({batch_of(r) for r in own}):
        fit = [r for r in own if batch_of(r) != batch]
        held = [r for r in own if batch_of(r) == batch]
        model = LinearTextClassifier(packaged.labels, packaged.c, packaged.view)
        model.fit([model.prepare(r.get("title", ""), r["text"]) for r in fit], targets(fit))
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            for name in ("thresholds.json", "countries.json", "meta.json"):
                shutil.copy(model_dir / name, folder / name)
            model.save(folder / "classifier")
            parts.append(flagged_rows(held, folder))
    return concat(parts)


def _fit(x: np.ndarray, y: np.ndarray) -> LogisticRegression:
    return LogisticRegression(C=VETO_C, max_iter=5000, fit_intercept=False).fit(x, y)


def subset(rows: VetoRows, keep: np.ndarray) -> VetoRows:
    return VetoRows(
        rows.x[keep],
        rows.gold[keep],
        rows.lookalike[keep],
        rows.batches[keep],
        [i for i, k in zip(rows.ids, keep, strict=True) if k],
    )


def held_out(rows: VetoRows) -> np.ndarray:
    """Each row's veto probability from the model fitted on the other batches."""
    held = np.zeros(len(rows.gold))
    for batch in sorted(set(rows.batches)):
        out = rows.batches == batch
        held[out] = _fit(rows.x[~out], rows.gold[~out]).predict_proba(rows.x[out])[:, 1]
    return held


def choose_threshold(checks: list[tuple[np.ndarray, VetoRows]]) -> float:
    """The highest grid threshold at which the veto removes at most MAX_LOST of the true AICT
    texts of every ``(probabilities, rows)`` check (the lowest threshold when none passes)."""

    def passes(t: float) -> bool:
        return all(
            int((rows.gold & (p < t)).sum()) <= MAX_LOST * int(rows.gold.sum())
            for p, rows in checks
        )

    kept = [t for t in VETO_GRID if passes(t)]
    return max(kept) if kept else VETO_GRID[0]


def cv_report(held: np.ndarray, rows: VetoRows, threshold: float, lookalikes: int) -> dict[str, Any]:
    """What the cross-validated veto does at ``threshold`` on the fitted batches."""
    vetoed = held < threshold
    return {
        "true_positives": int(rows.gold.sum()),
        "true_positives_vetoed": int((rows.gold & vetoed).sum()),
        "lookalikes": lookalikes,
        "lookalikes_flagged_without_veto": int(rows.lookalike.sum()),
        "lookalikes_flagged_with_veto": int((rows.lookalike & ~vetoed).sum()),
        "other_false_positives_without_veto": int((~rows.gold & ~rows.lookalike).sum()),
        "other_false_positives_with_veto": int((~rows.gold & ~rows.lookalike & ~vetoed).sum()),
    }


def veto_records() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The training records of :data:`VETO_BATCHES`, and the others of train + dev (the classic
    classifier's own), in corpus order."""
    records = list(read_split("train")) + list(read_split("dev"))
    return (
        [r for r in records if batch_of(r) in VETO_BATCHES],
        [r for r in records if batch_of(r) not in VETO_BATCHES],
    )


def train_veto(out: Path) -> dict[str, Any]:
    """Fit the veto on :func:`veto_records` and write it to ``out`` (JSON, no pickle)."""
    from nlp.training.train import corpus_hash

    records, own = veto_records()
    rows = concat([flagged_rows(records), own_rows_out_of_fold(own)])
    held = held_out(rows)
    new = np.isin(rows.batches, list(VETO_BATCHES))
    threshold = choose_threshold([(held[new], subset(rows, new)), (held[~new], subset(rows, ~new))])
    model = _fit(rows.x, rows.gold)
    data = {
        "features": list(FEATURES),
        "weights": model.coef_[0].round(6).tolist(),
        "threshold": threshold,
        "fitted_on": sorted({batch_of(r) for r in records + own}),
        "texts": len(records) + len(own),
        "corpus_sha256_12": corpus_hash(records + own),
        "cv": cv_report(held[new], subset(rows, new), threshold, sum(map(is_lookalike, records))),
        "cv_classic_training_batches": cv_report(
            held[~new], subset(rows, ~new), threshold, sum(map(is_lookalike, own))
        ),
    }
    out.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=MODELS["classic"] / "veto.json")
    args = parser.parse_args()
    data = train_veto(args.out)
    print(json.dumps({k: v for k, v in data.items() if k != "weights"}, indent=2))


if __name__ == "__main__":
    main()

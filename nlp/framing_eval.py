"""Gate of the framing classifier on its held-out test split (issue 15 item 3).

Scores ``nlp/framing_corpus/test.jsonl`` (written before the training file, never used to train
or tune) with the packaged classifier and compares with the floors pinned in
``nlp/framing_floors.json``; exits 1 when a score is below its floor, like ``nlp.evaluate``.
Usage: ``python -m nlp.framing_eval [--report FILE.json] [--markdown]``.

Each unit (a sentence or a text) counts once: its predicted frame is the largest share of its
distribution, its gold frame the ``frame`` field. Texts are also scored on the distribution:
the mean total variation distance to their gold shares (0 = same mix, 1 = disjoint).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from nlp.framing import FRAMES, FrameClassifier, normalise, primary_frame

CORPUS_DIR = Path(__file__).with_name("framing_corpus")
FLOORS_FILE = Path(__file__).with_name("framing_floors.json")
SPLITS = ("train", "test", "test2")
#: The held-out splits the floors apply to: ``test`` (written first, by the training's writer)
#: and ``test2`` (a writer who read neither the training nor the cue lists; FORMAT.md).
GATED = ("test", "test2")


def read_units(split: str, corpus_dir: Path = CORPUS_DIR) -> Iterator[dict[str, Any]]:
    """Every labelled unit of ``split`` (format in ``nlp/framing_corpus/FORMAT.md``)."""
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}: expected one of {', '.join(SPLITS)}")
    with (corpus_dir / f"{split}.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def gold_shares(unit: dict[str, Any]) -> dict[str, float]:
    """A unit's gold distribution: its ``frames`` (texts) or all on its ``frame`` (sentences)."""
    return normalise(unit.get("frames") or {unit["frame"]: 1.0})


def predict(model: FrameClassifier, units: Sequence[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """The predicted distribution of every unit, by id."""
    return {u["id"]: model.distribution(u.get("title", ""), u["text"]) for u in units}


def f1_scores(gold: Sequence[str], pred: Sequence[str]) -> dict[str, dict[str, float]]:
    """Precision, recall, F1 and support of each frame (one label per unit)."""
    out = {}
    for frame in FRAMES:
        tp = sum(g == p == frame for g, p in zip(gold, pred, strict=True))
        fp = sum(p == frame != g for g, p in zip(gold, pred, strict=True))
        fn = sum(g == frame != p for g, p in zip(gold, pred, strict=True))
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        out[frame] = {"p": round(p, 4), "r": round(r, 4), "f1": round(f1, 4), "support": tp + fn}
    return out


def total_variation(a: dict[str, float], b: dict[str, float]) -> float:
    """Half the L1 distance of two distributions over :data:`FRAMES`."""
    return 0.5 * sum(abs(a.get(f, 0.0) - b.get(f, 0.0)) for f in FRAMES)


def score(
    units: Sequence[dict[str, Any]], predictions: dict[str, dict[str, float]]
) -> dict[str, Any]:
    """Macro-F1 and per-frame scores over all units; accuracy by kind; texts' mean distance."""
    gold = [u["frame"] for u in units]
    pred = [primary_frame(predictions[u["id"]]) for u in units]
    per_frame = f1_scores(gold, pred)
    texts = [u for u in units if u["kind"] == "text"]
    result: dict[str, Any] = {
        "units": len(units),
        "macro_f1": round(sum(s["f1"] for s in per_frame.values()) / len(FRAMES), 4),
        "per_frame": per_frame,
        "accuracy": {},
        "text_mean_tv": round(
            sum(total_variation(gold_shares(u), predictions[u["id"]]) for u in texts)
            / max(len(texts), 1),
            4,
        ),
    }
    for kind in ("sentence", "text"):
        pairs = [(g, p) for u, g, p in zip(units, gold, pred, strict=True) if u["kind"] == kind]
        result["accuracy"][kind] = round(sum(g == p for g, p in pairs) / max(len(pairs), 1), 4)
    return result


def evaluate(split: str = "test", model: FrameClassifier | None = None) -> dict[str, Any]:
    """Score the packaged (or given) classifier on ``split``."""
    units = list(read_units(split))
    model = model or FrameClassifier.load()
    return {"split": split, **score(units, predict(model, units))}


def failures(result: dict[str, Any], floors: dict[str, Any]) -> list[str]:
    """Every score below its floor (``text_mean_tv`` is a ceiling), as readable lines."""
    problems = []
    if result["macro_f1"] < floors["macro_f1"]:
        problems.append(f"macro_f1 {result['macro_f1']:.3f} < floor {floors['macro_f1']:.3f}")
    for frame, floor in floors.get("per_frame_f1", {}).items():
        f1 = result["per_frame"][frame]["f1"]
        if f1 < floor:
            problems.append(f"{frame} F1 {f1:.3f} < floor {floor:.3f}")
    if result["text_mean_tv"] > floors["text_mean_tv_max"]:
        problems.append(
            f"text_mean_tv {result['text_mean_tv']:.3f} > ceiling {floors['text_mean_tv_max']:.3f}"
        )
    return problems


def markdown(result: dict[str, Any]) -> str:
    """The result as a Markdown table (docs/framing.md, the gate's failure message)."""
    lines = [
        f"units: {result['units']}, macro-F1 **{result['macro_f1']:.3f}**, "
        f"sentence accuracy {result['accuracy']['sentence']:.3f}, "
        f"text accuracy {result['accuracy']['text']:.3f}, "
        f"text mean TV distance {result['text_mean_tv']:.3f}",
        "",
        "| frame | P | R | F1 | support |",
        "|---|---|---|---|---|",
    ]
    for frame, s in result["per_frame"].items():
        lines.append(f"| {frame} | {s['p']:.3f} | {s['r']:.3f} | {s['f1']:.3f} | {s['support']} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the gate; exit 1 below a floor."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="test", choices=SPLITS)
    parser.add_argument("--report", type=Path)
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args(argv)
    result = evaluate(args.split)
    if args.report:
        args.report.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(markdown(result) if args.markdown else json.dumps(result, indent=2))
    floors = json.loads(FLOORS_FILE.read_text(encoding="utf-8"))
    problems = failures(result, floors) if args.split in GATED else []
    for problem in problems:
        print(f"below floor: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

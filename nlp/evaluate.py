"""Evaluation gate of the tagger on the held-out test split (trafilatura-style).

Scores ``nlp/corpus/test`` (never used for training or tuning) with the packaged pipeline and
compares with the floors pinned in ``nlp/eval_floors.json``; exits 1 when any score is below
its floor. Usage: ``python -m nlp.evaluate [--report FILE.json] [--markdown]``.
Lowering a floor is a deliberate act: edit the JSON, pass ``--accept-lower-floors``, and
write the reason in docs/decisions.md (the test suite runs the gate without that flag).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from models.base import OBJECT_IDS
from nlp import rules
from nlp.corpus_io import read_split
from nlp.pipeline import Tagger, TextIn
from nlp.text import fold

FLOORS_FILE = Path(__file__).with_name("eval_floors.json")
HEADLINE = ("cooperation", "attractiveness", "emergency")


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4), "support": tp + fn}


def score(records: list[dict], predictions: dict[str, dict]) -> dict:
    """Per-label P/R/F1, macro-F1 (all eight, headline three), country F1, prefilter recall."""
    labels = {"is_aict": [0, 0, 0], **{o: [0, 0, 0] for o in OBJECT_IDS}}
    countries = [0, 0, 0]
    for rec in records:
        pred = predictions[rec["id"]]
        pairs = [("is_aict", rec["is_aict"], pred["is_aict"])]
        pairs += [(o, o in rec["objects"], o in pred["objects"]) for o in OBJECT_IDS]
        for label, gold, guess in pairs:
            counts = labels[label]
            counts[0] += gold and guess
            counts[1] += (not gold) and guess
            counts[2] += gold and not guess
        gold_c, pred_c = set(rec["partner_countries"]), set(pred["partner_countries"])
        countries[0] += len(gold_c & pred_c)
        countries[1] += len(pred_c - gold_c)
        countries[2] += len(gold_c - pred_c)
    per_label = {label: prf(*counts) for label, counts in labels.items()}
    positives = [r for r in records if r["is_aict"]]
    passed = sum(rules.is_candidate(fold(f"{r.get('title', '')}\n{r['text']}")) for r in positives)
    return {
        "per_label": per_label,
        "is_aict_f1": per_label["is_aict"]["f1"],
        "macro_f1_all8": round(sum(per_label[o]["f1"] for o in OBJECT_IDS) / len(OBJECT_IDS), 4),
        "macro_f1_headline3": round(sum(per_label[o]["f1"] for o in HEADLINE) / len(HEADLINE), 4),
        "country_f1": prf(*countries)["f1"],
        "country": prf(*countries),
        "prefilter_recall": round(passed / len(positives), 4) if positives else 1.0,
        "documents": len(records),
    }


def evaluate(split: str = "test", tagger: Tagger | None = None) -> dict:
    records = list(read_split(split))
    tagger = tagger or Tagger()
    started = time.perf_counter()
    items = (TextIn(r["id"], r["text"], r.get("title", "")) for r in records)
    predictions = dict(tagger.tag(items))
    result = score(records, predictions)
    result["seconds"] = round(time.perf_counter() - started, 2)
    result["split"] = split
    return result


def failures(result: dict, floors: dict) -> list[str]:
    """Every score below its floor, as readable lines."""
    problems = []
    for key in (
        "is_aict_f1",
        "macro_f1_all8",
        "macro_f1_headline3",
        "country_f1",
        "prefilter_recall",
    ):
        if result[key] < floors[key]:
            problems.append(f"{key} {result[key]:.3f} < floor {floors[key]:.3f}")
    for label, floor in floors.get("per_label_f1", {}).items():
        got = result["per_label"][label]["f1"]
        if got < floor:
            problems.append(f"{label} F1 {got:.3f} < floor {floor:.3f}")
    return problems


def markdown(result: dict) -> str:
    lines = ["| label | P | R | F1 | support |", "|---|---|---|---|---|"]
    for label, s in result["per_label"].items():
        lines.append(f"| {label} | {s['p']:.3f} | {s['r']:.3f} | {s['f1']:.3f} | {s['support']} |")
    c = result["country"]
    lines.append(
        f"| partner countries | {c['p']:.3f} | {c['r']:.3f} | {c['f1']:.3f} | {c['support']} |"
    )
    lines.append("")
    lines.append(
        f"is_aict F1 {result['is_aict_f1']:.3f} · macro-F1 headline {result['macro_f1_headline3']:.3f}"
        f" · macro-F1 all eight {result['macro_f1_all8']:.3f} · country F1 {result['country_f1']:.3f}"
        f" · prefilter recall {result['prefilter_recall']:.3f} · {result['documents']} texts"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="AICT tagger evaluation gate")
    parser.add_argument("--split", default="test", choices=["test", "dev"])
    parser.add_argument("--report", type=Path)
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--accept-lower-floors", action="store_true")
    args = parser.parse_args(argv)
    result = evaluate(args.split)
    floors = json.loads(FLOORS_FILE.read_text(encoding="utf-8"))
    if args.report:
        args.report.write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(markdown(result) if args.markdown else json.dumps(result, indent=2))
    problems = failures(result, floors)
    if floors.get("lowered") and not args.accept_lower_floors:
        problems.append("floors were lowered: rerun with --accept-lower-floors and explain why")
    for problem in problems:
        print(f"gate: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

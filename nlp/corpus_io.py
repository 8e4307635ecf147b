"""Reading the hand-written corpus (``nlp/corpus/<split>/*.jsonl``, format in FORMAT.md)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

CORPUS_DIR = Path(__file__).with_name("corpus")
SPLITS = ("train", "dev", "test")
#: Sealed held-out batches of the test split (test-split hygiene, docs/tagger.md): written by
#: writers who saw no training text, kept out of the gate and of the benchmarks so that the
#: next model is judged on them once (scored apart, outside the gate), instead of being tuned
#: against them run after run.
SEALED_PREFIXES = ("v",)
#: Sealed batches already scored (nlp/corpus/README.md says when and for which model): no longer
#: a fresh judge, so a candidate model may train on them (``nlp.training.train --spent-sealed``);
#: the gate's batches (t, u) and the sealed batches still unread never train anything.
SPENT_SEALED = ("v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9", "v10", "v11", "v12")


def batch_of(record: dict[str, Any]) -> str:
    """The writer batch of a record ("b1", "n10", "v5"): ids are split-batch-number."""
    return str(record["id"]).split("-")[1]


def read_split(split: str) -> Iterator[dict[str, Any]]:
    """Every record of ``split``, files in name order, lines in file order."""
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}: expected one of {', '.join(SPLITS)}")
    for path in sorted((CORPUS_DIR / split).glob("*.jsonl")):
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    yield json.loads(line)


def spent_sealed(batches: frozenset[str]) -> list[dict[str, Any]]:
    """The records of the named spent sealed batches (:data:`SPENT_SEALED`), in batch order.

    Raises ValueError for any other batch: a gate batch or a sealed batch not yet scored must
    never reach a training run.
    """
    if unknown := sorted(batches - set(SPENT_SEALED)):
        raise ValueError(
            f"not a spent sealed batch: {', '.join(unknown)} (spent: {', '.join(SPENT_SEALED)})"
        )
    return [r for r in read_split("test") if batch_of(r) in batches]

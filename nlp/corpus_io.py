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

"""Convert the corpus JSONL files of one split into a spaCy DocBin with textcat labels.

Usage: ``python -m nlp.training.convert SPLIT OUT.spacy`` (SPLIT is train, dev or test).
Only the tokenizer is used: labels come from the hand-written annotations.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import spacy
from spacy.tokens import DocBin

from nlp.corpus_io import read_split
from nlp.text import AICT_LABEL, LABELS


def cats_of(record: dict[str, Any]) -> dict[str, float]:
    """textcat targets for one corpus record."""
    cats = {label: 0.0 for label in LABELS}
    cats[AICT_LABEL] = 1.0 if record["is_aict"] else 0.0
    for obj in record["objects"]:
        cats[obj] = 1.0
    return cats


def convert(split: str, out: Path) -> int:
    nlp = spacy.blank("fr")
    bin_ = DocBin(store_user_data=False)
    count = 0
    for record in read_split(split):
        doc = nlp.make_doc(f"{record.get('title', '')}\n\n{record['text']}")
        doc.cats = cats_of(record)
        bin_.add(doc)
        count += 1
    out.parent.mkdir(parents=True, exist_ok=True)
    bin_.to_disk(out)
    return count


if __name__ == "__main__":
    split, target = sys.argv[1], Path(sys.argv[2])
    print(f"{split}: {convert(split, target)} documents → {target}")

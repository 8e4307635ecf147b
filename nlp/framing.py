"""Framing of AICT items (issue 15 item 3): how a council or a newspaper justifies an action.

Every AICT item gets a distribution over four frames (:data:`FRAMES`): ``solidarity`` (aid,
development for the partner's people, emergency), ``reciprocity`` (exchange, co-development,
both sides learn), ``interest`` (returns for the French territory: economy, attractiveness,
investors, export, visibility) and ``institutional`` (conventions, votes, governance).

The classifier is small on purpose: TF-IDF word (1–2) and character (3–5) n-grams of the folded
sentence, plus the count of each frame's cue words (``nlp/resources/frame_cues.yaml``), into one
multinomial logistic regression trained on the team's labelled sentences and texts
(``nlp/framing_corpus``, ``python -m nlp.framing_train``). A text's distribution mixes the
classifier's view of the whole text with the mean of its sentences, each sentence weighted by
how sure the classifier is about it, so a neutral sentence ("La délégation est arrivée lundi")
moves the mix less than a framed one. Weights are plain arrays (``nlp/framing_model/``), not
pickles, like the tagger's classifier; both folders are hashed into ``nlp_version``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from functools import cache
from pathlib import Path

import numpy as np
import yaml

from nlp.record import FRAMES, TagRecord
from nlp.text import fold
from nlp.tfidf import TfidfFeatures, linear_scores, load_blocks, save_vocabularies

__all__ = ["FRAMES", "FrameClassifier", "with_frames"]
NLP_DIR = Path(__file__).parent
CUES_FILE = NLP_DIR / "resources" / "frame_cues.yaml"
#: The packaged framing weights (hashed into ``nlp_version``, see nlp/version.py).
FRAMING_DIR = NLP_DIR / "framing_model"
#: Characters of a text the framing reads: long council minutes frame themselves early.
MAX_CHARS = 20000
#: Sentences read per text, for the same reason (and a bounded cost per item).
MAX_SENTENCES = 60
WORD_PARAMS = {"ngram_range": (1, 2), "min_df": 1, "sublinear_tf": True}
CHAR_PARAMS = {"analyzer": "char_wb", "ngram_range": (3, 5), "min_df": 2, "sublinear_tf": True}
# A sentence ends at . ! ? … followed by a space and a capital, a quote or a digit; or a line.
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[«\"A-ZÀ-ÖØ-Þ0-9])|\n+")


@cache
def cue_patterns(path: Path = CUES_FILE) -> tuple[re.Pattern[str], ...]:
    """One pattern per frame matching its cues at the start of a folded word."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    patterns = []
    for frame in FRAMES:
        cues = sorted((fold(str(c)) for c in data[frame]), key=len, reverse=True)
        patterns.append(re.compile(r"(?<![a-z])(?:" + "|".join(map(re.escape, cues)) + ")"))
    return tuple(patterns)


def cue_counts(folded: str) -> np.ndarray:
    """How many cues of each frame a folded text holds (a vector in :data:`FRAMES` order)."""
    return np.array([len(p.findall(folded)) for p in cue_patterns()], dtype=np.float64)


def split_sentences(text: str) -> list[str]:
    """The sentences of a text (lines and sentence ends), blanks dropped, at most
    :data:`MAX_SENTENCES`."""
    parts = (s.strip() for s in _SENTENCE_END.split(text[:MAX_CHARS]))
    return [s for s in parts if sum(c.isalpha() for c in s) >= 3][:MAX_SENTENCES]


def normalise(weights: Mapping[str, float]) -> dict[str, float]:
    """A distribution over :data:`FRAMES` (every frame present, rounded to 3 decimals, the
    largest share absorbing the rounding so the shares sum to exactly 1)."""
    values = np.array([max(float(weights.get(f, 0.0)), 0.0) for f in FRAMES])
    total = values.sum()
    values = values / total if total > 0 else np.full(len(FRAMES), 1 / len(FRAMES))
    shares = {f: round(float(v), 3) for f, v in zip(FRAMES, values, strict=True)}
    top = max(FRAMES, key=lambda f: shares[f])
    shares[top] = round(1.0 - sum(v for f, v in shares.items() if f != top), 3)
    return shares


def primary_frame(shares: Mapping[str, float]) -> str:
    """The frame with the largest share (the first in :data:`FRAMES` order on a tie)."""
    return max(FRAMES, key=lambda f: shares.get(f, 0.0))


class FrameClassifier:
    """Multinomial logistic regression over n-grams and cue counts of folded text."""

    def __init__(self, c: float = 4.0, cue_weight: float = 1.0) -> None:
        self.c = c
        self.cue_weight = cue_weight
        #: Share of the whole-text view in a text's distribution (the rest: its sentences).
        self.whole_share = 0.5
        #: Exponent of a sentence's confidence in its weight (0: every sentence counts alike).
        self.confidence_power = 2.0
        #: The word and character feature blocks, once fitted or loaded (nlp/tfidf.py: tagging
        #: scores with them and never imports scikit-learn).
        self.features: tuple[TfidfFeatures, TfidfFeatures] | None = None
        self.coef = np.zeros((len(FRAMES), 0))
        self.intercept = np.zeros(len(FRAMES))

    def _cues(self, folded: Sequence[str]) -> np.ndarray:
        """The cue-count columns: ``log(1 + count)`` of each frame's cues, weighted."""
        counts = np.vstack([cue_counts(t) for t in folded])
        cues: np.ndarray = np.log1p(counts) * self.cue_weight
        return cues

    def fit(
        self, texts: Sequence[str], labels: Sequence[str], weights: Sequence[float]
    ) -> FrameClassifier:
        """Fit on raw texts, one frame each, with a sample weight (a text's frame share)."""
        import scipy.sparse as sp
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        folded = [fold(t) for t in texts]
        word, char = TfidfVectorizer(**WORD_PARAMS), TfidfVectorizer(**CHAR_PARAMS)
        parts = [word.fit_transform(folded), char.fit_transform(folded)]
        x = sp.hstack([*parts, sp.csr_matrix(self._cues(folded))], format="csr")
        model = LogisticRegression(C=self.c, max_iter=3000)
        model.fit(x, [FRAMES.index(lb) for lb in labels], sample_weight=weights)
        self.coef, self.intercept = model.coef_, model.intercept_
        self.features = (
            TfidfFeatures.of(WORD_PARAMS, word.vocabulary_, word.idf_),
            TfidfFeatures.of(CHAR_PARAMS, char.vocabulary_, char.idf_),
        )
        return self

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """One row of frame probabilities (in :data:`FRAMES` order) per raw text."""
        if self.features is None:
            raise RuntimeError("the framing classifier is neither fitted nor loaded")
        folded = [fold(t) for t in texts]
        logits = linear_scores(folded, self.features, self.coef, self.intercept, self._cues(folded))
        logits = logits - np.max(logits, axis=1, keepdims=True)
        exp = np.exp(logits)
        probabilities: np.ndarray = exp / exp.sum(axis=1, keepdims=True)
        return probabilities

    def distribution(self, title: str, text: str) -> dict[str, float]:
        """The frame distribution of one item: the whole text mixed with its sentences."""
        sentences = [s for s in ([title] if title.strip() else []) + split_sentences(text)]
        whole = f"{title}\n{text[:MAX_CHARS]}"
        probs = self.predict_proba([whole, *sentences])
        mix = probs[0]
        if len(sentences) > 1:
            # Confidence above chance: 0 for a flat row, 1 for a certain one.
            sure = (probs[1:].max(axis=1) - 1 / len(FRAMES)) / (1 - 1 / len(FRAMES))
            weights = np.power(np.clip(sure, 1e-6, 1.0), self.confidence_power)
            by_sentence = weights @ probs[1:] / weights.sum()
            mix = self.whole_share * probs[0] + (1 - self.whole_share) * by_sentence
        return normalise(dict(zip(FRAMES, mix, strict=True)))

    def save(self, folder: Path) -> None:
        """Vocabularies as JSON, weights and IDF as ``.npz``, settings as ``framing.json``."""
        folder.mkdir(parents=True, exist_ok=True)
        if self.features is None:
            raise RuntimeError("the framing classifier is neither fitted nor loaded")
        word, char = self.features
        save_vocabularies(folder, {"word": word, "char": char})
        np.savez_compressed(
            folder / "weights.npz",
            coef=self.coef,
            intercept=self.intercept,
            word_idf=word.idf,
            char_idf=char.idf,
        )
        (folder / "framing.json").write_text(json.dumps(self.settings(), indent=2) + "\n")

    def settings(self) -> dict[str, object]:
        """The settings saved beside the weights."""
        return {
            "frames": list(FRAMES),
            "c": self.c,
            "cue_weight": self.cue_weight,
            "whole_share": self.whole_share,
            "confidence_power": self.confidence_power,
        }

    @classmethod
    def load(cls, folder: Path = FRAMING_DIR) -> FrameClassifier:
        """A packaged classifier (``folder`` as written by :meth:`save`)."""
        meta = json.loads((folder / "framing.json").read_text(encoding="utf-8"))
        if tuple(meta["frames"]) != FRAMES:
            raise ValueError(f"{folder}: frames {meta['frames']} differ from {list(FRAMES)}")
        model = cls(meta["c"], meta["cue_weight"])
        model.whole_share = meta["whole_share"]
        model.confidence_power = meta["confidence_power"]
        arrays = np.load(folder / "weights.npz")
        word, char = load_blocks(folder, arrays, {"word": WORD_PARAMS, "char": CHAR_PARAMS})
        model.features = (word, char)
        model.coef, model.intercept = arrays["coef"], arrays["intercept"]
        return model


@cache
def packaged_classifier() -> FrameClassifier:
    """The packaged classifier, loaded once per process on the first AICT item."""
    return FrameClassifier.load(FRAMING_DIR)


def with_frames(record: TagRecord, title: str, text: str) -> TagRecord:
    """The record with its frame distribution when it is AICT (other records unchanged:
    framing only means something for an international action)."""
    if not record.is_aict:
        return record
    return replace(record, frames=tuple(packaged_classifier().distribution(title, text).items()))

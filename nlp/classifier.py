"""The AICT text classifier: TF-IDF word and character n-grams with one logistic regression per
label (AICT and the eight objects), trained with scikit-learn.

It is persisted as plain arrays (vocabularies as JSON, weights as ``.npz``), not pickles, so a
packaged model loads with any scikit-learn release and carries no executable state; tagging
scores texts with those arrays alone (nlp/tfidf.py) and never imports scikit-learn.
On the team's corpus it beat spaCy's ``textcat_multilabel`` ensemble (see docs/decisions.md).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from nlp.focus import cue_paragraphs, focus_view, paragraphs
from nlp.text import LABELS, fold
from nlp.tfidf import TfidfFeatures, linear_scores, load_blocks, save_vocabularies

WORD_PARAMS = {"ngram_range": (1, 2), "min_df": 2, "sublinear_tf": True}
CHAR_PARAMS = {
    "analyzer": "char_wb",
    "ngram_range": (3, 5),
    "min_df": 2,
    "sublinear_tf": True,
    "max_features": 60000,
}
#: Characters of a text the classifier reads (the lead and body of even long articles).
MAX_CHARS = 20000


def prepare_whole(title: str, text: str) -> str:
    """The issue-4 view of a document: folded title and text, bounded in length."""
    return fold(f"{title}\n\n{text}"[:MAX_CHARS])


def prepare(title: str, text: str) -> str:
    """The classifier's view of a document: its folded title and focus view (nlp.focus)."""
    from nlp.rules import is_candidate

    text = text[:MAX_CHARS]
    spans = paragraphs(text)
    view = focus_view(text, spans, cue_paragraphs(text, spans, (), is_candidate))
    return fold(f"{title}\n\n{view}")


class LinearTextClassifier:
    """One-vs-rest logistic regressions over TF-IDF word (1–2) and character (3–5) n-grams.

    Fitted with scikit-learn; a fitted or loaded model scores texts with
    :class:`nlp.tfidf.TfidfFeatures`, so tagging never imports scikit-learn."""

    def __init__(self, labels: Sequence[str] = LABELS, c: float = 5.0, view: str = "focus") -> None:
        self.labels = tuple(labels)
        self.c = c
        #: "focus" (title and international paragraphs) or "whole" (issue-4 models).
        self.view = view
        #: The word and character feature blocks, once fitted or loaded.
        self.features: tuple[TfidfFeatures, TfidfFeatures] | None = None
        self.coef = np.zeros((len(self.labels), 0), dtype=np.float32)
        self.intercept = np.zeros(len(self.labels), dtype=np.float32)

    def fit(
        self, docs: Sequence[str], targets: Mapping[str, Sequence[bool]]
    ) -> LinearTextClassifier:
        """Fit on prepared documents; ``targets`` maps each label to one boolean per document."""
        import scipy.sparse as sp
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        word, char = TfidfVectorizer(**WORD_PARAMS), TfidfVectorizer(**CHAR_PARAMS)
        x = sp.hstack([word.fit_transform(docs), char.fit_transform(docs)]).tocsr()
        coefs, intercepts = [], []
        for label in self.labels:
            model = LogisticRegression(C=self.c, max_iter=3000, class_weight="balanced")
            model.fit(x, np.asarray(targets[label], dtype=bool))
            coefs.append(model.coef_[0])
            intercepts.append(model.intercept_[0])
        self.coef = np.vstack(coefs).astype(np.float32)
        self.intercept = np.asarray(intercepts, dtype=np.float32)
        self.features = (
            TfidfFeatures.of(WORD_PARAMS, word.vocabulary_, word.idf_),
            TfidfFeatures.of(CHAR_PARAMS, char.vocabulary_, char.idf_),
        )
        return self

    def prepare(self, title: str, text: str) -> str:
        """This model's view of a document (the one it was trained on)."""
        return prepare(title, text) if self.view == "focus" else prepare_whole(title, text)

    def predict_proba(self, docs: Sequence[str]) -> np.ndarray:
        """Probabilities, shape (documents, labels)."""
        if not docs:
            return np.zeros((0, len(self.labels)), dtype=np.float32)
        if self.features is None:
            raise RuntimeError("the classifier is neither fitted nor loaded")
        scores = linear_scores(docs, self.features, self.coef, self.intercept)
        probabilities: np.ndarray = 1.0 / (1.0 + np.exp(-scores))
        return probabilities

    # --- persistence --------------------------------------------------------------------

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        meta = {"labels": list(self.labels), "c": self.c, "view": self.view}
        if self.features is None:
            raise RuntimeError("the classifier is neither fitted nor loaded")
        word, char = self.features
        save_vocabularies(folder, {"word": word, "char": char})
        np.savez_compressed(
            folder / "weights.npz",
            coef=self.coef,
            intercept=self.intercept,
            word_idf=word.idf.astype(np.float32),
            char_idf=char.idf.astype(np.float32),
        )
        (folder / "classifier.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> LinearTextClassifier:
        meta = json.loads((folder / "classifier.json").read_text(encoding="utf-8"))
        model = cls(meta["labels"], meta["c"], meta.get("view", "whole"))
        arrays = np.load(folder / "weights.npz")
        word, char = load_blocks(folder, arrays, {"word": WORD_PARAMS, "char": CHAR_PARAMS})
        model.features = (word, char)
        model.coef = arrays["coef"]
        model.intercept = arrays["intercept"]
        return model

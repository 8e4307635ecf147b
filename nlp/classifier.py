"""The AICT text classifier: TF-IDF word and character n-grams with one logistic regression per
label (AICT and the eight objects), trained with scikit-learn.

It is persisted as plain arrays (vocabularies as JSON, weights as ``.npz``), not pickles, so a
packaged model loads with any scikit-learn release and carries no executable state.
On the team's corpus it beat spaCy's ``textcat_multilabel`` ensemble (see docs/decisions.md).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from itertools import chain
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from nlp.focus import cue_paragraphs, focus_view, paragraphs
from nlp.text import LABELS, fold

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
#: Distinct words whose n-gram features :class:`NgramTfidfVectorizer` remembers.
_MAX_MEMO_WORDS = 300_000


class NgramTfidfVectorizer(TfidfVectorizer):  # type: ignore[misc]  # scikit-learn is untyped
    """``TfidfVectorizer`` whose ``char_wb`` counts (``transform``) reuse each word's features.

    A ``char_wb`` n-gram never crosses a word, so a document's features are its words' features
    in order: each distinct word is analysed once by scikit-learn's own ``_char_wb_ngrams`` and
    its vocabulary indices remembered (the per-n-gram loop cost 0.3 s of a 2.1 s warm pass of
    the tagging benchmark). The count matrix is built as ``CountVectorizer._count_vocab``
    builds it, so the TF-IDF rows are the same; fitting and other analyzers are unchanged.
    """

    def _count_vocab(self, raw_documents, fixed_vocab):  # type: ignore[no-untyped-def]
        docs = list(raw_documents)
        if not (fixed_vocab and self._memo_applies() and all(isinstance(d, str) for d in docs)):
            return super()._count_vocab(docs, fixed_vocab)
        from sklearn.utils._sparse import _align_api_if_sparse

        memo: dict[str, tuple[int, ...]] = self.__dict__.setdefault("_word_features", {})
        if len(memo) > _MAX_MEMO_WORDS:
            memo.clear()
        vocabulary, ngrams = self.vocabulary_, self._char_wb_ngrams
        indices: list[int] = []
        values: list[int] = []
        indptr = [0]
        for doc in docs:
            words = self._white_spaces.sub(" ", doc.lower() if self.lowercase else doc).split()
            for word in set(words).difference(memo):
                found = (vocabulary.get(gram) for gram in ngrams(word))
                memo[word] = tuple(i for i in found if i is not None)
            counts = Counter(chain.from_iterable(map(memo.__getitem__, words)))
            indices.extend(counts.keys())
            values.extend(counts.values())
            indptr.append(len(indices))
        matrix = sp.csr_array(
            (
                np.asarray(values, dtype=np.intc),
                np.asarray(indices, dtype=np.int32),
                np.asarray(indptr, dtype=np.int32),
            ),
            shape=(len(docs), len(vocabulary)),
            dtype=self.dtype,
        )
        matrix.sort_indices()
        return vocabulary, _align_api_if_sparse(matrix)

    def _memo_applies(self) -> bool:
        """Whether the analyzer is the default ``char_wb`` one (words split on white space)."""
        return (
            self.analyzer == "char_wb"
            and self.preprocessor is None
            and self.strip_accents is None
            and self.input == "content"
        )


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
    """One-vs-rest logistic regressions over TF-IDF word (1–2) and character (3–5) n-grams."""

    def __init__(self, labels: Sequence[str] = LABELS, c: float = 5.0, view: str = "focus") -> None:
        self.labels = tuple(labels)
        self.c = c
        #: "focus" (title and international paragraphs) or "whole" (issue-4 models).
        self.view = view
        self.word = TfidfVectorizer(**WORD_PARAMS)
        self.char = NgramTfidfVectorizer(**CHAR_PARAMS)
        self.coef = np.zeros((len(self.labels), 0), dtype=np.float32)
        self.intercept = np.zeros(len(self.labels), dtype=np.float32)

    def _features(self, docs: Sequence[str]) -> sp.csr_matrix:
        return sp.hstack([self.word.transform(docs), self.char.transform(docs)]).tocsr()

    def fit(
        self, docs: Sequence[str], targets: Mapping[str, Sequence[bool]]
    ) -> LinearTextClassifier:
        """Fit on prepared documents; ``targets`` maps each label to one boolean per document."""
        from sklearn.linear_model import LogisticRegression  # 0.07 s to import: tagging skips it

        x = sp.hstack([self.word.fit_transform(docs), self.char.fit_transform(docs)]).tocsr()
        coefs, intercepts = [], []
        for label in self.labels:
            model = LogisticRegression(C=self.c, max_iter=3000, class_weight="balanced")
            model.fit(x, np.asarray(targets[label], dtype=bool))
            coefs.append(model.coef_[0])
            intercepts.append(model.intercept_[0])
        self.coef = np.vstack(coefs).astype(np.float32)
        self.intercept = np.asarray(intercepts, dtype=np.float32)
        return self

    def prepare(self, title: str, text: str) -> str:
        """This model's view of a document (the one it was trained on)."""
        return prepare(title, text) if self.view == "focus" else prepare_whole(title, text)

    def predict_proba(self, docs: Sequence[str]) -> np.ndarray:
        """Probabilities, shape (documents, labels)."""
        if not docs:
            return np.zeros((0, len(self.labels)), dtype=np.float32)
        scores = self._features(docs) @ self.coef.T + self.intercept
        probabilities: np.ndarray = 1.0 / (1.0 + np.exp(-np.asarray(scores)))
        return probabilities

    # --- persistence --------------------------------------------------------------------

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        meta = {"labels": list(self.labels), "c": self.c, "view": self.view}
        for name, vec in (("word", self.word), ("char", self.char)):
            vocab = {term: int(i) for term, i in vec.vocabulary_.items()}
            (folder / f"{name}_vocab.json").write_text(
                json.dumps(vocab, ensure_ascii=False, sort_keys=True), encoding="utf-8"
            )
        np.savez_compressed(
            folder / "weights.npz",
            coef=self.coef,
            intercept=self.intercept,
            word_idf=self.word.idf_.astype(np.float32),
            char_idf=self.char.idf_.astype(np.float32),
        )
        (folder / "classifier.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> LinearTextClassifier:
        meta = json.loads((folder / "classifier.json").read_text(encoding="utf-8"))
        model = cls(meta["labels"], meta["c"], meta.get("view", "whole"))
        arrays = np.load(folder / "weights.npz")
        for name, vec in (("word", model.word), ("char", model.char)):
            vocab = json.loads((folder / f"{name}_vocab.json").read_text(encoding="utf-8"))
            vec.vocabulary_ = vocab
            vec.idf_ = arrays[f"{name}_idf"].astype(np.float64)
        model.coef = arrays["coef"]
        model.intercept = arrays["intercept"]
        return model

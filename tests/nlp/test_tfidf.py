"""Tagging-time TF-IDF features (nlp/tfidf.py) give scikit-learn's rows, and tagging never
imports scikit-learn, scipy or SQLAlchemy (docs/tagger.md, "Lazy loading")."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from nlp import framing
from nlp.classifier import CHAR_PARAMS, WORD_PARAMS, LinearTextClassifier
from nlp.corpus_io import read_split
from nlp.tfidf import TfidfFeatures, char_wb_ngrams, word_ngrams
from nlp.version import NLP_DIR
from tests.support.fresh import fresh_python

EDGE_CASES = [
    "",
    "a",
    "l'UE",
    "  deux   espaces\tet\nlignes  ",
    "Œuvre   coopération  décentralisée — Saint-Étienne/Ouagadougou (2026) : 5 000 €",
    "x" * 7,
    "ab cd ef gh",
]


def _sklearn(params: dict, features: TfidfFeatures) -> TfidfVectorizer:
    vectorizer = TfidfVectorizer(**params)
    vectorizer.vocabulary_ = dict(features.vocabulary)
    vectorizer.idf_ = features.idf
    return vectorizer


def _corpus_docs(count: int = 120) -> list[dict]:
    return [*list(read_split("dev"))[:count], *list(read_split("train"))[-count:]]


@pytest.mark.parametrize("text", EDGE_CASES)
def test_ngrams_are_scikit_learns(text: str) -> None:
    word = TfidfVectorizer(ngram_range=(1, 2)).build_analyzer()
    char = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5)).build_analyzer()

    tokens = re.findall(r"(?u)\b\w\w+\b", text.lower())
    assert sorted(word_ngrams(tokens, (1, 2))) == sorted(word(text))
    mine = [
        g for w in re.sub(r"\s\s+", " ", text.lower()).split() for g in char_wb_ngrams(w, (3, 5))
    ]
    assert sorted(mine) == sorted(char(text))


@pytest.mark.parametrize("folder", ["classifier", "actors/classifier"])
def test_classifier_rows_and_scores_equal_scikit_learns(folder: str) -> None:
    model = LinearTextClassifier.load(NLP_DIR / "model" / folder)
    assert model.features is not None
    docs = [model.prepare(r["title"], r["text"]) for r in _corpus_docs()] + EDGE_CASES
    vectorizers = [
        _sklearn(p, f) for p, f in zip((WORD_PARAMS, CHAR_PARAMS), model.features, strict=True)
    ]
    matrices = [v.transform(docs) for v in vectorizers]
    for features, matrix in zip(model.features, matrices, strict=True):
        for k, doc in enumerate(docs):
            indices, values = features.row(doc)
            dense = np.zeros(len(features))
            dense[indices] = values
            assert np.allclose(dense, matrix[[k]].toarray()[0], rtol=0, atol=1e-12), doc[:80]
    logits = sp.hstack(matrices).tocsr() @ model.coef.T + model.intercept
    expected = 1.0 / (1.0 + np.exp(-np.asarray(logits)))
    assert np.allclose(model.predict_proba(docs), expected, rtol=0, atol=1e-9)


def test_framing_probabilities_equal_scikit_learns() -> None:
    model = framing.FrameClassifier.load()
    assert model.features is not None
    texts = [r["text"][:3000] for r in _corpus_docs(40)]
    folded = [framing.fold(t) for t in texts]
    params = (framing.WORD_PARAMS, framing.CHAR_PARAMS)
    matrices = [
        _sklearn(p, f).transform(folded) for p, f in zip(params, model.features, strict=True)
    ]
    x = sp.hstack([*matrices, sp.csr_matrix(model._cues(folded))]).tocsr()
    logits = np.asarray(x @ model.coef.T + model.intercept)
    exp = np.exp(logits - logits.max(axis=1, keepdims=True))
    assert np.allclose(model.predict_proba(texts), exp / exp.sum(axis=1, keepdims=True), atol=1e-9)


def test_fitted_model_saves_and_loads_the_same_scores(tmp_path: Path) -> None:
    records = _corpus_docs(60)
    docs = [r["title"] + "\n\n" + r["text"] for r in records]
    targets = {"AICT": [r["is_aict"] for r in records]}
    model = LinearTextClassifier(labels=("AICT",), view="whole").fit(docs, targets)
    model.save(tmp_path)
    again = LinearTextClassifier.load(tmp_path)
    # The saved IDF is float32: scores agree to that precision.
    assert np.allclose(model.predict_proba(docs), again.predict_proba(docs), atol=1e-6)


def test_tagging_an_aict_text_imports_no_scikit_learn_nor_sqlalchemy() -> None:
    script = (
        "import sys\n"
        "from nlp.pipeline import Tagger, TextIn\n"
        "text = ('Le conseil municipal de Chambéry a voté une subvention de 20 000 euros pour '\n"
        "        'la coopération décentralisée avec Ouahigouya, au Burkina Faso : un forage.')\n"
        "(_, record), = Tagger().tag([TextIn('x', text, 'Chambéry aide Ouahigouya')])\n"
        "assert record.is_aict and record.frames, record\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'sklearn', 'scipy', 'sqlalchemy'}))\n"
    )
    assert fresh_python(script).strip() == "[]"

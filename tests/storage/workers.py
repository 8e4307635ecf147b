"""Process entry points for concurrency tests (importable by spawned processes)."""

from __future__ import annotations

from storage.engine import make_engine, write_session
from storage.upserts import upsert_articles
from tests.support.data import add_source, make_article


def upsert_same_articles(url: str, count: int = 1000, batch: int = 100) -> str | None:
    """Upsert articles 0..count-1 in batches; returns the error text, or None."""
    engine = make_engine(url)
    try:
        for start in range(0, count, batch):
            with write_session(engine) as s:
                sid = add_source(s, "concurrent")
                upsert_articles(s, [make_article(sid, n) for n in range(start, start + batch)])
        return None
    except Exception as exc:  # noqa: BLE001 - reported to the parent test
        return f"{type(exc).__name__}: {exc}"
    finally:
        engine.dispose()

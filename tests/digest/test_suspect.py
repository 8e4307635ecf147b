"""A quarantined source (A21) never reaches a digest: not its items, health or completeness.

The council of the digest week (Chambéry) is marked ``suspect`` as the crawler would after
its domain changed hands; its stored articles stay in the database, the digest leaves them out.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, func, select, update

from digest.content import DigestContent, build_content
from digest.queries import load_week
from digest.subscriptions import Subscription
from models import Article, Source
from storage.engine import write_session
from tests.digest.factory import WEEK, build_week


def _national(engine: Engine) -> DigestContent:
    sub = Subscription(email="a@example.org")
    return build_content(load_week(engine, WEEK, sub.territories), sub, "aict-test-1")


def _titles(content: DigestContent) -> set[str]:
    return {item.title for section in content.sections for item in section.items}


def _burkina(content: DigestContent) -> tuple[int, int]:
    line = next(line for line in content.countries if line.name == "Burkina Faso")
    return line.press, line.council


def test_suspect_council_left_out_of_digest(engine: Engine) -> None:
    build_week(engine)
    before = _national(engine)
    assert before.headline.council_items == 1 and before.crawled_sources == 4
    assert _burkina(before) == (1, 1)
    with write_session(engine) as session:
        session.execute(
            update(Source)
            .where(Source.slug == "ville-de-chambery")
            .values(
                status="suspect",
                status_reason="parking page at https://www.chambery.fr/actualites/rss",
                status_changed_at=dt.datetime(2026, 11, 9, 8, tzinfo=dt.UTC),
            )
        )
    after = _national(engine)
    assert after.headline.council_items == 0 and after.headline.council_relayed == 0
    assert _burkina(after) == (1, 0)  # the press story stays, the council's item is gone
    assert after.ldc_share_council is None  # no council item left to name a country
    assert after.crawled_sources == 3  # its week of collection is not reported either
    assert "Ville de Chambéry" not in {line.source for line in after.health}
    assert _titles(after) == _titles(before)  # press coverage unchanged
    with engine.connect() as conn:  # kept in the database, only left out of the digest
        kept = conn.execute(
            select(func.count())
            .select_from(Article)
            .join(Source, Source.id == Article.source_id)
            .where(Source.slug == "ville-de-chambery")
        ).scalar()
    assert kept >= 1

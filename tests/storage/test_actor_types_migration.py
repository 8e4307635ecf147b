"""Migration f29fca1c1d2c: the actors of existing tags get "type" and "role" (and lose them on
downgrade), on both databases."""

from __future__ import annotations

from sqlalchemy import select

from models import Tag
from storage import migrate
from storage.engine import write_session
from storage.upserts import upsert_articles, upsert_tags
from tests.support.data import add_source, make_article

BEFORE = "f657d0c00f5b"
OLD_ACTORS = [
    {"name": "Poitiers", "code": "commune:86194"},
    {"name": "Vienne", "code": "dep:86"},
]


def _tag(article_id: str, actors: list) -> dict:
    return {
        "article_id": article_id,
        "nlp_version": "aict-1.0.0+old",
        "is_aict": bool(actors),
        "score": 0.9,
        "objects": "cooperation" if actors else "",
        "object_scores": {"cooperation": 0.9},
        "actors": actors,
        "actor_codes": ",".join(sorted(a["code"] for a in actors if a.get("code"))),
        "partners": [],
        "partner_countries": "",
    }


def _actors(engine) -> dict[str, list]:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return dict(conn.execute(select(Tag.article_id, Tag.actors)).all())


def test_actor_types_migration_up_and_down(engine) -> None:  # type: ignore[no-untyped-def]
    migrate.downgrade(engine, BEFORE)
    with write_session(engine) as s:
        sid = add_source(s)
        # articles.published_date comes with a later revision than this one
        rows = [make_article(sid, n) for n in range(3)]
        for row in rows:
            row.pop("published_date")
        upsert_articles(s, rows)
        ids = [r["id"] for r in rows]
        typed = {"name": "le préfet", "code": None, "type": "french_state", "role": "mentioned"}
        upsert_tags(s, [_tag(ids[0], OLD_ACTORS), _tag(ids[1], []), _tag(ids[2], [typed])])
    migrate.upgrade(engine)
    after = _actors(engine)
    assert after[ids[0]] == [
        {"name": "Poitiers", "code": "commune:86194", "type": "collectivite", "role": "agent"},
        {"name": "Vienne", "code": "dep:86", "type": "collectivite", "role": "agent"},
    ]
    assert after[ids[1]] == []
    assert after[ids[2]] == [typed]  # already typed: left as it is
    migrate.downgrade(engine, BEFORE)
    down = _actors(engine)
    assert down[ids[0]] == OLD_ACTORS and down[ids[1]] == []
    assert down[ids[2]] == [{"name": "le préfet", "code": None}]
    migrate.upgrade(engine)
    assert _actors(engine)[ids[0]] == after[ids[0]]

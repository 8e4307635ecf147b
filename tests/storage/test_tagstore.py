"""write_tags stores the tagger's TagRecord: typed actors, French actor codes, objects, countries."""

from __future__ import annotations

from sqlalchemy import select

from models import Tag, TagCountry, TagObject
from nlp.record import Actor
from storage.engine import write_session
from storage.tagstore import write_tags
from storage.upserts import upsert_articles
from tests.support.data import add_source, make_article, make_tag

ACTORS = [
    Actor("la préfecture du Cher", "dep:18", "french_state"),
    Actor("Comité de jumelage de Vitré", "commune:35360", "steered_body"),
    Actor("Vitré", "commune:35360"),
    Actor("Höxter", None, "foreign_local_authority", "partner"),
]


def test_write_tags_stores_typed_actors_and_french_codes(engine) -> None:  # type: ignore[no-untyped-def]
    record = make_tag(
        {"twinning": 0.95, "delegation": 0.7},
        actors=ACTORS,
        partners=["Höxter"],
        countries=["DE"],
    )
    with write_session(engine) as s:
        sid = add_source(s)
        rows = [make_article(sid, n) for n in range(2)]
        upsert_articles(s, rows)
        ids = [r["id"] for r in rows]
        # A record or its tag-text JSON object: the same row.
        write_tags(s, "v1", [(ids[0], record), (ids[1], record.to_json())])
    with engine.connect() as conn:
        tags = {t.article_id: t for t in conn.execute(select(Tag))}
        objects = conn.execute(select(TagObject.object, TagObject.score).order_by(TagObject.object))
        countries = conn.execute(select(TagCountry.country_iso2))
        for article_id in ids:
            tag = tags[article_id]
            assert tag.actors == [a.to_json() for a in ACTORS]
            # Only collectivités and the bodies they steer: not the State's prefecture.
            assert tag.actor_codes == "commune:35360"
            assert tag.objects == "delegation,twinning" and tag.partner_countries == "DE"
            assert tag.object_scores["twinning"] == 0.95 and tag.object_scores["european"] == 0
            assert tag.partners == ["Höxter"] and tag.reason is None
        assert sorted(objects) == [("delegation", 0.7)] * 2 + [("twinning", 0.95)] * 2
        assert sorted(countries) == [("DE",), ("DE",)]
    # A new version replaces the tag and its rows.
    with write_session(engine) as s:
        write_tags(s, "v2", [(ids[0], make_tag((), is_aict=False, reason="no AICT term"))])
    with engine.connect() as conn:
        tag = conn.execute(select(Tag).where(Tag.article_id == ids[0])).one()
        assert (tag.nlp_version, tag.is_aict, tag.reason) == ("v2", False, "no AICT term")
        assert tag.actors == [] and tag.actor_codes == ""
        left = conn.execute(select(TagObject.article_id)).scalars().all()
        assert left == [ids[1], ids[1]]

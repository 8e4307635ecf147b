"""Corrections in storage: laid over every later write of the tagger, versioned, and read back as
training examples for ``make train`` with ``--corrections-db`` (never written to the repo)."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from models import Tag, TagCorrection, TagCountry, TagObject
from nlp.training.train import correction_records
from storage.corrections import store_corrections
from storage.engine import write_session
from storage.upserts import upsert_articles
from tests.support.data import add_source, add_tags, make_article, make_tag

HEADER = "article,is_aict,objects,partner_countries,actor_codes,note,by\n"


def test_corrections_win_over_later_tags_and_become_examples(
    engine, db_url: str, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    with write_session(engine) as s:
        sid = add_source(s, "ville-de-chambery", kind="council")
        rows = [make_article(sid, n) for n in range(3)]
        upsert_articles(s, rows)
        add_tags(s, [(rows[0]["id"], make_tag(["cooperation"], countries=["ML"]))])
    a, b, c = (r["id"] for r in rows)
    path = tmp_path / "c.csv"
    path.write_text(
        HEADER
        + f'{a},true,"twinning,european",DE,commune:73065,ok,marie\n'
        + f"{b},true,emergency,HT,,,marie\n",  # b was never tagged
        encoding="utf-8",
    )
    with write_session(engine) as s:
        run = store_corrections(s, str(path))
    assert (run.stored, run.unchanged) == (2, 0)
    # The tagger writes again (a re-tag): the corrected values still win, c stays the machine's.
    with write_session(engine) as s:
        add_tags(
            s,
            [(i, make_tag(["cooperation"], countries=["ML"])) for i in (a, b, c)],
            nlp_version="test-2",
        )
    with engine.connect() as conn:
        tags = {t.article_id: t for t in conn.execute(select(Tag))}
        objects = set(conn.execute(select(TagObject.article_id, TagObject.object, TagObject.score)))
        countries = set(conn.execute(select(TagCountry.article_id, TagCountry.country_iso2)))
    assert (tags[a].objects, tags[a].partner_countries, tags[a].corrected) == (
        "european,twinning",
        "DE",
        True,
    )
    assert tags[a].nlp_version == tags[b].nlp_version == "test-2"  # the machine's run
    assert [x["code"] for x in tags[a].actors] == ["commune:73065"]
    assert (tags[c].objects, tags[c].corrected) == ("cooperation", False)
    assert objects == {
        (a, "european", 1.0),
        (a, "twinning", 1.0),
        (b, "emergency", 1.0),
        (c, "cooperation", 0.9),
    }
    assert countries == {(a, "DE"), (b, "HT"), (c, "ML")}

    # Versioned: a later correction is a new row and the one in force.
    path.write_text(HEADER + f"{a},false,,,,not AICT after all,paul\n", encoding="utf-8")
    with write_session(engine) as s:
        store_corrections(s, str(path))
    with engine.connect() as conn:
        assert conn.scalar(select(Tag.is_aict).where(Tag.article_id == a)) is False
        assert len(conn.execute(select(TagCorrection.id)).all()) == 3
        assert not conn.execute(select(TagObject).where(TagObject.article_id == a)).all()

    examples = {r["id"]: r for r in correction_records(db_url)}
    assert set(examples) == {f"correction-{a}", f"correction-{b}"}
    ex_a, ex_b = examples[f"correction-{a}"], examples[f"correction-{b}"]
    assert (ex_a["is_aict"], ex_a["objects"], ex_a["partner_countries"]) == (False, [], [])
    assert (ex_b["is_aict"], ex_b["objects"], ex_b["partner_countries"]) == (
        True,
        ["emergency"],
        ["HT"],
    )
    assert ex_b["genre"] == "council" and ex_b["text"] == rows[1]["text"]
    json.dumps(ex_b)  # plain corpus records (nlp/corpus/FORMAT.md)

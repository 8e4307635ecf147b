"""`aict tag-text` (the JSONL contract) and `aict tag` (idempotent, on both databases)."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from models import Tag, TagCountry, TagObject
from nlp.version import nlp_version
from storage.engine import make_engine, write_session
from storage.upserts import upsert_articles
from tests.support.cli import run_aict
from tests.support.data import add_source, make_article

AICT_TEXT = (
    "Le conseil municipal de Poitiers a voté une nouvelle convention de coopération "
    "décentralisée avec Bobo-Dioulasso, au Burkina Faso : 120 000 euros pour l'eau potable."
)


def test_tag_text_contract_and_bad_lines(tmp_path) -> None:  # type: ignore[no-untyped-def]
    lines = [
        json.dumps({"id": "a", "title": "Coopération", "text": AICT_TEXT, "extra": 1}),
        "{not json",
        json.dumps(
            {"id": "b", "text": "Le marché de Noël ouvre samedi place de l'Hôtel-de-Ville."}
        ),
        json.dumps({"id": 3, "text": "x"}),
        json.dumps({"id": "c", "text": ""}),
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_aict("tag-text", str(path))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "line 2: invalid JSON (Expecting property name enclosed in double quotes at column 2)",
        "line 4: 'id' must be a non-empty string",
    ]
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["id"] for o in out] == ["a", "b", "c"]
    first = out[0]
    assert set(first) == {
        "id",
        "is_aict",
        "score",
        "objects",
        "object_scores",
        "actors",
        "partners",
        "partner_countries",
        "frames",  # issue 15: AICT texts gained their frame distribution; other keys unchanged
    }
    assert set(first["frames"]) == {"solidarity", "reciprocity", "interest", "institutional"}
    assert abs(sum(first["frames"].values()) - 1) < 1e-9 and "frames" not in out[1]
    assert first["is_aict"] is True and "cooperation" in first["objects"]
    assert first["partner_countries"] == ["BF"]
    # Actor items gained "type" and "role" (issue 11); their existing keys are unchanged.
    existing_keys = [{"name": a["name"], "code": a["code"]} for a in first["actors"]]
    assert {"name": "Poitiers", "code": "commune:86194"} in existing_keys
    assert set(first["object_scores"]) == {
        "cooperation",
        "attractiveness",
        "emergency",
        "twinning",
        "european",
        "delegation",
        "networks",
        "citizenship",
    }
    assert 0.0 <= first["score"] <= 1.0
    assert out[1]["is_aict"] is False
    assert out[2]["reason"] == "empty text"


def test_tag_text_reads_stdin_and_refuses_a_missing_file() -> None:
    missing = run_aict("tag-text", "/nonexistent/file.jsonl")
    assert missing.returncode == 1 and missing.stderr.startswith("aict: error: no such file")


def test_tag_twice_adds_nothing(db_url: str) -> None:
    engine = make_engine(db_url)
    with write_session(engine) as s:
        sid = add_source(s)
        rows = [make_article(sid, n) for n in range(5)]
        rows.append(make_article(sid, 99, title="Coopération avec le Burkina", text=AICT_TEXT))
        upsert_articles(s, rows)
    first = run_aict("tag", "--db", db_url)
    assert first.returncode == 0, first.stderr
    assert "tagged 6 articles" in first.stdout and "1 about AICT" in first.stdout
    second = run_aict("tag", "--db", db_url)
    assert second.returncode == 0 and "tagged 0 articles" in second.stdout
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(Tag)) == 6
        objects = conn.scalar(select(func.count()).select_from(TagObject))
        assert objects >= 1
        assert conn.scalar(select(TagCountry.country_iso2)) == "BF"
        assert conn.scalar(select(func.min(Tag.nlp_version))) == nlp_version()
    retag = run_aict("tag", "--db", db_url, "--retag")
    assert retag.returncode == 0 and "tagged 6 articles" in retag.stdout
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(TagObject)) == objects
    engine.dispose()

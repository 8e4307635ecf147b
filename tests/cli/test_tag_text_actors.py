"""`aict tag-text`: actors items carry their type and role (issue 11), besides name and code."""

from __future__ import annotations

import json

from nlp.record import ACTOR_ROLES, ACTOR_TYPES
from tests.cli.test_tagging import AICT_TEXT
from tests.support.cli import run_aict


def test_actors_items_carry_type_and_role(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "in.jsonl"
    line = {"id": "a", "title": "Coopération", "text": AICT_TEXT}
    path.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    result = run_aict("tag-text", str(path))
    assert result.returncode == 0, result.stderr
    [out] = [json.loads(x) for x in result.stdout.splitlines()]
    assert out["is_aict"] is True and out["actors"]
    for actor in out["actors"]:
        assert set(actor) == {"name", "code", "type", "role"}, actor
        assert actor["type"] in ACTOR_TYPES and actor["role"] in ACTOR_ROLES
    poitiers = next(a for a in out["actors"] if a["code"] == "commune:86194")
    assert (poitiers["type"], poitiers["role"]) == ("collectivite", "agent")

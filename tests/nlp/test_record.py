"""The one typed record of a tag: TagRecord and Actor (JSON contract, validation, old rows)."""

from __future__ import annotations

import pickle
from dataclasses import FrozenInstanceError

import pytest

from models.base import OBJECT_IDS
from nlp.record import ACTOR_TYPES, Actor, TagRecord, is_french_actor


def _record(**changes) -> TagRecord:  # type: ignore[no-untyped-def]
    fields = {
        "is_aict": True,
        "score": 0.93,
        "objects": ["cooperation"],
        "object_scores": {"cooperation": 0.97},
        "actors": [{"name": "Poitiers", "code": "commune:86194"}],
        "partners": ["Bobo-Dioulasso"],
        "partner_countries": ["BF"],
    }
    return TagRecord(**{**fields, **changes})


def test_to_json_is_the_contract() -> None:
    data = _record().to_json()
    assert list(data) == [
        "is_aict",
        "score",
        "objects",
        "object_scores",
        "actors",
        "partners",
        "partner_countries",
    ]
    assert data["objects"] == ["cooperation"] and data["partner_countries"] == ["BF"]
    assert list(data["object_scores"]) == list(OBJECT_IDS)
    assert data["object_scores"]["cooperation"] == 0.97 and data["object_scores"]["emergency"] == 0
    assert data["actors"] == [
        {"name": "Poitiers", "code": "commune:86194", "type": "collectivite", "role": "agent"}
    ]
    assert _record(reason="not French (detected: en)").to_json()["reason"].startswith("not Fr")


def test_json_round_trip_and_empty() -> None:
    record = _record(
        actors=[Actor("Poitiers", "commune:86194"), Actor("le préfet", None, "french_state")]
    )
    assert TagRecord.from_json({"id": "x", **record.to_json()}) == record
    empty = TagRecord.empty("empty text")
    assert empty.to_json() == {
        "is_aict": False,
        "score": 0.0,
        "objects": [],
        "object_scores": dict.fromkeys(OBJECT_IDS, 0.0),
        "actors": [],
        "partners": [],
        "partner_countries": [],
        "reason": "empty text",
    }
    assert "reason" not in TagRecord.empty().to_json()
    assert pickle.loads(pickle.dumps(record)) == record
    assert hash(record) == hash(TagRecord.from_json(record.to_json()))


def test_frozen_and_validated() -> None:
    record = _record()
    with pytest.raises(FrozenInstanceError):
        record.is_aict = False  # type: ignore[misc]
    with pytest.raises(TypeError):
        record.object_scores["cooperation"] = 0.1  # type: ignore[index]
    assert isinstance(record.objects, tuple) and isinstance(record.actors[0], Actor)
    with pytest.raises(ValueError, match="object ids"):
        _record(objects=["jumelage"])
    with pytest.raises(ValueError, match="object ids"):
        _record(object_scores={"jumelage": 0.5})
    with pytest.raises(ValueError, match="actor type"):
        Actor("la mairie", None, "mayor")
    with pytest.raises(ValueError, match="actor role"):
        Actor("la mairie", None, "collectivite", "sponsor")


def test_french_actors_and_old_rows() -> None:
    record = _record(
        actors=[
            Actor("l'ambassade", None, "foreign_state", "partner"),
            Actor("comité de jumelage de Vitré", "commune:35360", "steered_body"),
            Actor("Vitré", "commune:35360"),
        ]
    )
    assert [a.type for a in record.french_actors] == ["steered_body", "collectivite"]
    # Items stored before actors were typed are collectivités acting.
    assert is_french_actor({"name": "Lyon", "code": "commune:69123"})
    assert Actor.from_json({"name": "Lyon", "code": "commune:69123"}) == Actor(
        "Lyon", "commune:69123"
    )
    assert not is_french_actor({"name": "Rabat", "code": None, "type": "foreign_local_authority"})


def test_dict_style_reads_give_the_json_values() -> None:
    """Code written against the contract dicts (``record["is_aict"]``) keeps working."""
    record = _record()
    assert record["is_aict"] is True and record["partner_countries"] == ["BF"]
    assert record.get("actors")[0]["type"] == "collectivite"
    assert record.get("reason") is None and record.get("nope", 1) == 1
    with pytest.raises(KeyError):
        record["nope"]


def test_actor_types_match_the_actor_module() -> None:
    actors = pytest.importorskip("nlp.actors")
    assert set(ACTOR_TYPES) == set(actors.ACTOR_TYPES)

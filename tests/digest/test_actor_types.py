"""The digest names French actors only (collectivités and the bodies they steer)."""

from __future__ import annotations

from digest.queries import _actor_names


def test_only_french_actors_are_named() -> None:
    actors = [
        {"name": "le préfet", "code": None, "type": "french_state", "role": "agent"},
        {"name": "Vitré", "code": "commune:35360", "type": "collectivite", "role": "agent"},
        {"name": "Höxter", "code": None, "type": "foreign_local_authority", "role": "partner"},
        {"name": "comité de jumelage", "code": None, "type": "steered_body", "role": "agent"},
        {"name": "Lyon", "code": "commune:69123"},  # stored before actors were typed
        "not an actor",
    ]
    assert list(_actor_names(actors)) == ["Vitré", "comité de jumelage", "Lyon"]
    assert list(_actor_names(None)) == []

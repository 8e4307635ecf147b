"""Council-item actions name a French actor: typed actors of other kinds are skipped."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from measure.relay import Item, Outcome
from measure.run import _item_actions


def _actions(actors: list[dict]) -> list[dict]:
    item = Item(
        id="c1",
        source_slug="ville-de-vitre",
        published=dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC),
        text="",
        actor_codes=frozenset({"commune:35360"}),
    )
    tag = SimpleNamespace(
        actors=actors, partners=[], objects="twinning", actor_codes="commune:35360"
    )
    return _item_actions(item, tag, Outcome(), dt.date(2026, 11, 9))  # type: ignore[arg-type]


def test_the_action_actor_is_the_first_french_one() -> None:
    actors = [
        {"name": "le sous-préfet", "code": None, "type": "french_state", "role": "agent"},
        {"name": "Höxter", "code": None, "type": "foreign_local_authority", "role": "partner"},
        {"name": "Vitré", "code": "commune:35360", "type": "collectivite", "role": "agent"},
    ]
    assert [a["actor_name"] for a in _actions(actors)] == ["Vitré"]
    assert _actions(actors[:2])[0]["actor_name"] is None


def test_untyped_actors_of_older_tags_are_collectivites() -> None:
    assert _actions([{"name": "Vitré", "code": "commune:35360"}])[0]["actor_name"] == "Vitré"

"""The evaluation gate: the held-out test split must meet the floors pinned in eval_floors.json."""

from __future__ import annotations

import json

from nlp.evaluate import FLOORS_FILE, evaluate, failures, markdown, score


def test_test_split_meets_the_floors(tagger) -> None:  # type: ignore[no-untyped-def]
    result = evaluate("test", tagger)
    floors = json.loads(FLOORS_FILE.read_text(encoding="utf-8"))
    assert not floors.get("lowered"), "floors were lowered: see docs/decisions.md"
    assert failures(result, floors) == [], markdown(result)
    assert result["documents"] >= 200


def test_floors_are_at_least_the_issue_targets() -> None:
    floors = json.loads(FLOORS_FILE.read_text(encoding="utf-8"))
    assert floors["is_aict_f1"] >= 0.95
    assert floors["macro_f1_headline3"] >= 0.90
    assert floors["macro_f1_all8"] >= 0.85
    assert floors["country_f1"] >= 0.90


def test_scoring_counts_by_hand() -> None:
    gold = [
        {
            "id": "1",
            "is_aict": True,
            "objects": ["cooperation"],
            "partner_countries": ["BF"],
            "title": "",
            "text": "coopération avec le Burkina",
        },
        {
            "id": "2",
            "is_aict": False,
            "objects": [],
            "partner_countries": [],
            "title": "",
            "text": "match de football",
        },
    ]
    pred = {
        "1": {
            "is_aict": True,
            "objects": ["cooperation", "twinning"],
            "partner_countries": ["BF", "ML"],
        },
        "2": {"is_aict": True, "objects": ["twinning"], "partner_countries": []},
    }
    result = score(gold, pred)
    assert result["per_label"]["is_aict"] == {"p": 0.5, "r": 1.0, "f1": 0.6667, "support": 1}
    assert result["per_label"]["twinning"]["f1"] == 0.0
    assert result["country"]["p"] == 0.5 and result["country"]["r"] == 1.0
    assert result["prefilter_recall"] == 1.0

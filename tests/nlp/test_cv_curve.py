"""nlp.training.cv: the decision's F1 at fixed look-alike rates, free of the chosen threshold."""

from __future__ import annotations

from typing import Any

from nlp.training.cv import f1_at_lookalike_rates


def _record(key: str, aict: bool, family: str | None = None) -> dict[str, Any]:
    return {"id": key, "is_aict": aict, "family": family}


def test_the_best_f1_under_each_lookalike_share() -> None:
    records = [
        _record("a1", True),
        _record("a2", True),
        _record("a3", True),
        _record("a4", True),
        _record("l1", False, "state"),
        _record("l2", False, "ngo"),
        _record("n1", False),
    ]
    # A look-alike outranks one AICT text: flagging it costs half of the look-alikes.
    scores = {"a1": 0.9, "a2": 0.8, "a3": 0.7, "l1": 0.6, "a4": 0.5, "l2": 0.1, "n1": 0.0}
    curve = f1_at_lookalike_rates(records, scores, rates=(0.0, 0.5, 1.0))
    # No look-alike flagged: three of four AICT texts, F1 = 6 / 7.
    assert curve["0.00"] == round(6 / 7, 4)
    # One of two look-alikes allowed: all four AICT texts and one false alarm, F1 = 8 / 9.
    assert curve["0.50"] == round(8 / 9, 4)
    # With every look-alike allowed, the best threshold still stops above the second one.
    assert curve["1.00"] == round(8 / 9, 4)


def test_a_score_of_zero_is_never_flagged() -> None:
    """0 means the stacker was never asked (no candidate, no French authority in a key
    sentence): such an AICT text is missed at every rate."""
    records = [_record("a1", True), _record("a2", True)]
    assert f1_at_lookalike_rates(records, {"a1": 0.5, "a2": 0.0}, rates=(1.0,)) == {
        "1.00": round(2 / 3, 4)
    }


def test_no_threshold_within_the_share_gives_zero() -> None:
    records = [_record("l1", False, "state"), _record("a1", True)]
    scores = {"l1": 0.9, "a1": 0.4}
    assert f1_at_lookalike_rates(records, scores, rates=(0.0,)) == {"0.00": 0.0}

"""nlp.training.noise: the gate's figures per seed and their range."""

from __future__ import annotations

from nlp.training.noise import FIGURES, figures, spread


def _result(old: float, new: float) -> dict[str, dict[str, float]]:
    return {
        "old_batches": {name: old for name in FIGURES["old_batches"]},
        "new_batches": {name: new for name in FIGURES["new_batches"]},
    }


def test_figures_are_named_by_part() -> None:
    row = figures(_result(0.98, 0.94))
    assert row["old_batches.is_aict_f1"] == 0.98
    assert row["new_batches.lookalike_fp_rate"] == 0.94
    assert len(row) == sum(len(v) for v in FIGURES.values())


def test_spread_is_the_lowest_and_highest_over_seeds() -> None:
    rows = [figures(_result(0.9816, 0.94)), figures(_result(0.9785, 0.95))]
    ranges = spread(rows)
    assert ranges["old_batches.is_aict_f1"] == (0.9785, 0.9816)
    assert ranges["new_batches.country_f1"] == (0.94, 0.95)

"""Small PNG charts for the digest (inline CID images), drawn with matplotlib's Agg backend.

Agg renders to memory without a display, so it works under Airflow workers and in CI; the
figure is small (≈ 560×200 px) to keep each message light.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import cast

import matplotlib

matplotlib.use("Agg")

from matplotlib import pyplot as plt  # noqa: E402  (the backend must be chosen first)
from matplotlib.ticker import MaxNLocator  # noqa: E402

from digest.content import ObjectTrend  # noqa: E402

THIS_WEEK = "#1f5f8b"
PREVIOUS = "#b8c7d3"


def trend_chart(trends: Sequence[ObjectTrend]) -> bytes:
    """Bars per object: this week's press items vs the previous 4 weeks' average (PNG bytes)."""
    labels = [t.label for t in trends]
    positions = range(len(trends))
    fig, ax = plt.subplots(figsize=(5.6, 2.0), dpi=100)
    try:
        width = 0.38
        ax.bar(
            [p - width / 2 for p in positions],
            [t.this_week for t in trends],
            width,
            color=THIS_WEEK,
            label="cette semaine",
        )
        ax.bar(
            [p + width / 2 for p in positions],
            [t.previous_avg for t in trends],
            width,
            color=PREVIOUS,
            label="moyenne des 4 semaines précédentes",
        )
        ax.set_xticks(list(positions), labels, fontsize=7.5, rotation=0)
        ax.tick_params(axis="y", labelsize=7.5)
        # The default y locator is an AutoLocator, a MaxNLocator (typed as the base Locator).
        cast(MaxNLocator, ax.yaxis.get_major_locator()).set_params(integer=True)
        top = max([t.this_week for t in trends] + [t.previous_avg for t in trends] + [1])
        ax.set_ylim(0, top * 1.15)
        ax.spines[["top", "right"]].set_visible(False)
        # Legend above the axes, beside the title, so it never hides a bar.
        ax.legend(fontsize=7.5, frameon=False, loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=2)
        fig.tight_layout(pad=0.4)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png")
        return buffer.getvalue()
    finally:
        plt.close(fig)

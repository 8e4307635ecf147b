"""Framing in the report (issue 15 item 5): how councils and the press justify international
action, year by year — the mean share of each frame (``v_framing``, every item counted once)
as a section of ``aict report`` and a chart of ``--plots``.

Yearly, whatever the report's period: the question it answers ("did we move from solidarity to
interest?") is one of years. A database whose items carry no frame gets neither.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection, text

from measure.report import Section
from storage.labels import CHANNEL_NAMES, FRAME_NAMES

#: One row per year × channel × frame over every object ('all'): items and mean share. The
#: monthly rows are weighted by their items, so a busy month counts for more than a quiet one.
_YEARLY = text(
    "SELECT year, channel, frame, SUM(items) AS items, 1.0 * SUM(share * items) / SUM(items) "
    "FROM v_framing WHERE object = 'all' GROUP BY year, channel, frame ORDER BY channel, year"
)


def framing_section(conn: Connection) -> Section | None:
    """Year × channel: items and the mean share of each frame; None when nothing is framed."""
    table: dict[tuple[int, str], dict[str, float]] = {}
    items: dict[tuple[int, str], int] = {}
    for year, channel, frame, count, share in conn.execute(_YEARLY):
        table.setdefault((int(year), channel), {})[frame] = float(share)
        items[(int(year), channel)] = int(count)
    if not table:
        return None
    rows = [
        [
            channel,
            year,
            items[(year, channel)],
            *(table[(year, channel)].get(f) for f in FRAME_NAMES),
        ]
        for (year, channel) in sorted(table, key=lambda k: (k[1], k[0]))
    ]
    return Section(
        "framing",
        "Cadrages de l'action internationale, année par année (collectivités et presse)",
        ["channel", "year", "items", *(f"{f}_share" for f in FRAME_NAMES)],
        rows,
        note="Part moyenne de chaque cadrage parmi les éléments AICT de l'année (vue v_framing).",
        headers=["canal", "année", "éléments", *FRAME_NAMES.values()],
    )


def chart_frame_shares(section: Section, path: Path) -> Path:
    """One panel per channel: the frames' mean shares stacked, year by year."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from measure.render import _save

    channels = [c for c in CHANNEL_NAMES if any(r[0] == c for r in section.rows)]
    fig, axes = plt.subplots(1, len(channels), figsize=(5 * len(channels), 4), squeeze=False)
    fig.suptitle(section.title, fontsize=11)
    for ax, channel in zip(axes[0], channels, strict=True):
        rows = [r for r in section.rows if r[0] == channel]
        years = [str(r[1]) for r in rows]
        bottom = [0.0] * len(rows)
        for k, name in enumerate(FRAME_NAMES.values(), start=3):
            shares = [r[k] or 0.0 for r in rows]
            ax.bar(years, shares, bottom=bottom, label=name)
            bottom = [b + s for b, s in zip(bottom, shares, strict=True)]
        ax.set_title(CHANNEL_NAMES[channel], fontsize=10)
        ax.set_ylim(0, 1)
        ax.yaxis.set_major_formatter(lambda value, _: f"{value * 100:.0f} %")
        ax.set_xlabel("Année")
    axes[0][0].set_ylabel("Part moyenne des cadrages")
    axes[0][-1].legend(fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1, 1))
    return _save(fig, path)


def framing_sections(conn: Connection) -> list[Section]:
    """The framing section when items carry frames (none otherwise)."""
    section = framing_section(conn)
    return [section] if section is not None else []


def write_framing_charts(sections: list[Section], folder: Path) -> list[Path]:
    """``frame_shares.png`` when the report has a framing section with rows."""
    framing = next((s for s in sections if s.key == "framing" and s.rows), None)
    return [chart_frame_shares(framing, folder / "frame_shares.png")] if framing else []

"""Rendering the report: rich terminal tables, CSV, JSON and PNG charts (matplotlib, Agg).

The printed table and the charts are for readers, in French (words from :mod:`storage.labels`,
periods in titles); CSV and JSON keep the sections' stable keys and the views' values (object
ids, statuses) for officers who compute further.
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from measure.report import Report, Section
from models.taxonomy import OBJECT_IDS
from storage.labels import (
    OBJECT_NAMES,
    OBJECT_SHORT,
    cutoff_label,
    months_label,
    object_short,
    plural,
    status_label,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from rich.console import Console

#: Table width when the report is not printed to a terminal.
WIDE_OUTPUT = 160

#: Values of the views that readers get in words, by column key.
_WORDS: dict[str, Any] = {
    "object": lambda v: "tous objets" if v == "(all)" else object_short(v),
    "status": status_label,
    "is_ldc": lambda v: "oui" if v else "non",
    "group": {"LDC": "PMA", "other": "autres pays"}.get,
    "origin": {"council_item": "publication", "imported": "partenariat", "atlas": "Atlas"}.get,
}


def _cell(value: Any, column: str = "") -> str:
    if value is None:
        return "—"
    if column in _WORDS:
        return str(_WORDS[column](value) or value)
    if isinstance(value, float):
        text = f"{value:.3f}".rstrip("0").rstrip(".") if value % 1 else f"{value:.0f}"
        return text.replace(".", ",")
    return str(value)


def print_tables(report: Report, console: Console | None = None) -> None:
    from rich.console import Console
    from rich.table import Table

    if console is None:
        console = Console()
        if not console.is_terminal and "COLUMNS" not in os.environ:
            # Piped or logged (CI, `make demo | tee`): rich's 80-column default squeezes the
            # eight-column tables into one word per line; a log reader has a wide window.
            console = Console(width=WIDE_OUTPUT)
    measured = f"mesures {cutoff_label(report.as_of)}" if report.as_of else "jamais mesuré"
    console.print(
        f"[bold]Rapport de l'observatoire AICT[/bold] — {report.period.label} ({measured})"
    )
    for section in report.sections:
        table = Table(
            title=section.title,
            title_justify="left",
            caption=section.note or None,
            caption_justify="left",
        )
        for header in section.headers:
            table.add_column(header, overflow="fold")
        for row in section.rows[:40]:
            table.add_row(*[_cell(v, c) for v, c in zip(row, section.columns, strict=True)])
        if len(section.rows) > 40:
            table.add_row(
                f"… et {len(section.rows) - 40} autres lignes", *[""] * (len(section.columns) - 1)
            )
        console.print(table)


def to_csv(report: Report) -> str:
    """Every section as CSV, each preceded by a ``# section: KEY`` line and separated by a blank line."""
    out = io.StringIO()
    for section in report.sections:
        out.write(f"# section: {section.key}\n")
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(section.columns)
        writer.writerows(section.rows)
        out.write("\n")
    return out.getvalue()


def to_json(report: Report) -> str:
    return json.dumps(report.as_dict(), ensure_ascii=False, indent=2, default=str)


# --- charts -----------------------------------------------------------------------------------


def _titled(title: str, period: str) -> str:
    """The chart's title with its period on a second line (``du 1er septembre au …``)."""
    return f"{title}\n{period[0].upper()}{period[1:]}" if period else title


def _figure(title: str) -> tuple[Figure, Axes]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(9, 4.8), dpi=110)
    ax.set_title(title, fontsize=12, loc="left")
    ax.spines[["top", "right"]].set_visible(False)
    return fig, ax


def _save(fig: Figure, path: Path) -> Path:
    import matplotlib.pyplot as plt

    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def chart_weekly_attention(section: Section, path: Path, period: str = "") -> Path:
    fig, ax = _figure(_titled("Articles de presse AICT par semaine et par objet", period))
    weeks = [r[0] for r in section.rows]
    first = section.columns.index(OBJECT_IDS[0])
    bottom = [0] * len(weeks)
    for k, obj in enumerate(OBJECT_IDS):
        values = [r[first + k] for r in section.rows]
        ax.bar(weeks, values, bottom=bottom, label=OBJECT_SHORT[obj])
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    complete_col = section.columns.index("complete")
    for x, row in enumerate(section.rows):
        # None: the week is still in progress (the report's rule), not a collection gap.
        if row[complete_col] is None:
            label = "en cours" if x == len(section.rows) - 1 else ""
        else:
            label = "lacune" if row[complete_col] < 1 else ""
        if label:
            ax.annotate(label, (x, bottom[x]), ha="center", va="bottom", fontsize=7, color="grey")
    ax.set_xlabel("Semaine ISO")
    ax.set_ylabel("Articles AICT (presse)")
    ax.tick_params(axis="x", rotation=60, labelsize=7)
    ax.legend(fontsize=7, ncols=2, frameon=False)
    return _save(fig, path)


def chart_relay_funnel(section: Section, path: Path, period: str = "") -> Path:
    fig, ax = _figure(_titled("Des actions publiées aux relais dans la presse", period))
    overall = next((r for r in section.rows if r[0] == "(all)"), None)
    labels = [
        "Actions publiées\n(sites des collectivités)",
        "Relayées par la presse",
        "Relayées sous 7 jours",
    ]
    values = [overall[1], overall[2], overall[5]] if overall else [0, 0, 0]
    bars = ax.barh(labels[::-1], values[::-1], color=["#9ecae1", "#4292c6", "#08519c"])
    ax.bar_label(bars, padding=3)
    if overall and overall[4] is not None:
        ax.set_xlabel(f"Nombre d'actions — délai médian de relais : {plural(overall[4], 'jour')}")
    else:
        ax.set_xlabel("Nombre d'actions")
    return _save(fig, path)


def chart_partner_geography(section: Section, path: Path, period: str = "") -> Path:
    fig, ax = _figure(
        _titled("Pays partenaires : actions des collectivités et articles de presse", period)
    )
    rows = section.rows[:15]
    names = [f"{r[1] or r[0]}{' (PMA)' if r[2] else ''}" for r in rows][::-1]
    council = [r[4] for r in rows][::-1]
    press = [r[5] for r in rows][::-1]
    y = range(len(rows))
    ax.barh([i + 0.2 for i in y], council, height=0.4, label="Actions des collectivités")
    ax.barh([i - 0.2 for i in y], press, height=0.4, label="Articles de presse")
    ax.set_yticks(list(y), names, fontsize=8)
    ax.set_xlabel("Nombre d'éléments (PMA = pays les moins avancés)")
    ax.legend(fontsize=8, frameon=False)
    return _save(fig, path)


def chart_object_gap(section: Section, path: Path, period: str = "") -> Path:
    fig, ax = _figure(
        _titled("Part de chaque objet : communication des collectivités et presse", period)
    )
    names = [OBJECT_SHORT[r[0]] for r in section.rows]
    council = [r[2] or 0 for r in section.rows]
    press = [r[4] or 0 for r in section.rows]
    x = range(len(names))
    ax.bar([i - 0.2 for i in x], council, width=0.4, label="Collectivités")
    ax.bar([i + 0.2 for i in x], press, width=0.4, label="Presse")
    ax.set_xticks(list(x), names, rotation=30, ha="right", fontsize=8)
    ax.set_ylabel("Part des éléments AICT")
    ax.yaxis.set_major_formatter(lambda value, _: f"{value * 100:.0f} %")
    ax.legend(fontsize=8, frameon=False)
    return _save(fig, path)


def chart_emergency_vs_cooperation(section: Section, path: Path, period: str = "") -> Path:
    fig, ax = _figure(_titled("Pics d'urgence et coopération au long cours (presse)", period))
    weeks = [r[0] for r in section.rows]
    for obj in ("emergency", "cooperation"):
        col = section.columns.index(obj)
        ax.plot(weeks, [r[col] for r in section.rows], marker="o", label=OBJECT_NAMES[obj])
    ax.set_xlabel("Semaine ISO")
    ax.set_ylabel("Articles AICT (presse)")
    ax.tick_params(axis="x", rotation=60, labelsize=7)
    ax.legend(fontsize=8, frameon=False)
    return _save(fig, path)


def write_charts(report: Report, folder: Path) -> list[Path]:
    """The five report charts as PNG files in ``folder``, each titled with its period, and the
    two registers charts when registers were imported (:mod:`measure.registers_report`), and the
    frames' chart when items carry frames (:mod:`measure.framing_report`)."""
    from measure.framing_report import write_framing_charts
    from measure.registers_report import write_registers_charts

    folder.mkdir(parents=True, exist_ok=True)
    weekly = report.section("weekly_attention")
    period = report.period.label
    # The monthly views count whole months: their charts say which.
    months = f"mois {months_label(report.since, report.until)}"
    return [
        chart_weekly_attention(weekly, folder / "weekly_attention.png", period),
        chart_relay_funnel(report.section("relay_funnel"), folder / "relay_funnel.png", period),
        chart_partner_geography(
            report.section("partner_geography"), folder / "partner_geography.png", months
        ),
        chart_object_gap(report.section("object_mix"), folder / "object_mix_gap.png", months),
        chart_emergency_vs_cooperation(weekly, folder / "emergency_vs_cooperation.png", period),
        *write_registers_charts(report.sections, folder),
        *write_framing_charts(report.sections, folder),
    ]

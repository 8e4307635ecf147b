"""The registers in the report (issue 15 item 5): the least developed countries' share year by
year (``v_ldc_trend``) and APD euros against press articles per collectivité (``v_registers``),
as sections of ``aict report`` and as two charts of ``--plots``.

Both are yearly, whatever the report's period: the registers are yearly. A database without
imported registers gets neither section nor chart (an empty chart would read as "zero").
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, text

from measure.report import Section
from storage.labels import REGISTER_MEASURES, number

#: The four measures of ``v_ldc_trend`` whose LDC share the chart follows, in legend order.
LDC_MEASURES = ("atlas_projects", "apd_eur", "council_items", "press_articles")
#: How many collectivités the APD chart names: those farthest from the median euros per article.
LABELLED_OUTLIERS = 6


def _registers_imported(conn: Connection) -> bool:
    return bool(conn.execute(text("SELECT COUNT(*) FROM register_imports")).scalar())


def ldc_trend_section(conn: Connection) -> Section | None:
    """LDC share of each measure, year by year; None without imported registers."""
    if not _registers_imported(conn):
        return None
    rows = conn.execute(
        text(
            "SELECT year, atlas_projects_share, apd_eur_share, council_items_share, "
            "press_articles_share FROM v_ldc_trend WHERE is_ldc = TRUE ORDER BY year"
        )
    ).all()
    return Section(
        "ldc_trend",
        "Pays les moins avancés (PMA) : part de chaque année (registres, collectivités, presse)",
        ["year", *(f"{m}_share" for m in LDC_MEASURES)],
        [[r[0], *(None if v is None else float(v) for v in r[1:])] for r in rows],
        note="Part des PMA parmi les pays partenaires de l'année (liste ONU actuelle).",
        headers=["année", *(f"{REGISTER_MEASURES[m]} (part PMA)" for m in LDC_MEASURES)],
    )


def apd_press_section(conn: Connection) -> Section | None:
    """Per collectivité, APD euros and press articles of the latest year with APD declared."""
    if not _registers_imported(conn):
        return None
    year = conn.execute(text("SELECT MAX(year) FROM v_registers WHERE apd_eur > 0")).scalar()
    if year is None:
        return None
    rows = conn.execute(
        text(
            "SELECT collectivite_name, collectivite_code, apd_eur, press_articles, council_items "
            "FROM v_registers WHERE year = :year AND apd_eur > 0 "
            "ORDER BY apd_eur DESC, collectivite_code"
        ),
        {"year": year},
    ).all()
    return Section(
        "apd_press",
        f"APD déclarée et articles de presse AICT par collectivité ({year})",
        ["name", "code", "apd_eur", "press_articles", "council_items"],
        [[r[0], r[1], float(r[2]), r[3], r[4]] for r in rows],
        headers=[
            "collectivité",
            "code",
            REGISTER_MEASURES["apd_eur"],
            REGISTER_MEASURES["press_articles"],
            REGISTER_MEASURES["council_items"],
        ],
    )


def registers_sections(conn: Connection) -> list[Section]:
    """The registers sections the database can fill (none without imported registers)."""
    return [s for s in (ldc_trend_section(conn), apd_press_section(conn)) if s is not None]


def chart_ldc_share(section: Section, path: Path) -> Path:
    """One line per measure: the LDC share of the year."""
    from measure.render import _figure, _save

    fig, ax = _figure("Part des pays les moins avancés (PMA), année par année")
    years = [int(r[0]) for r in section.rows]
    for k, measure in enumerate(LDC_MEASURES, start=1):
        # Years as numbers, not labels: a measure that starts later is placed by its year.
        points = [(y, r[k]) for y, r in zip(years, section.rows, strict=True) if r[k] is not None]
        if points:
            ax.plot(*zip(*points, strict=True), marker="o", label=REGISTER_MEASURES[measure])
    ax.set_xticks(years, [str(y) for y in years])
    ax.set_xlabel("Année")
    ax.set_ylabel("Part des PMA")
    ax.set_ylim(0, 1)
    ax.yaxis.set_major_formatter(lambda value, _: f"{value * 100:.0f} %")
    ax.legend(fontsize=8, frameon=False)
    return _save(fig, path)


def outliers(rows: list[list[Any]], count: int = LABELLED_OUTLIERS) -> list[list[Any]]:
    """The rows farthest, in orders of magnitude, from the median articles per euro (a
    collectivité with no article counts as one tenth of one, so silence is an outlier too)."""
    if not rows:
        return []
    scores = [math.log10(max(r[3], 0.1) / r[2]) for r in rows]
    middle = sorted(scores)[len(scores) // 2]
    ranked = sorted(zip(scores, range(len(rows)), strict=True), key=lambda s: -abs(s[0] - middle))
    return [rows[i] for _, i in ranked[:count]]


def _leading_digit(value: float) -> int:
    """The first significant digit of a positive number (2 for 20,000)."""
    return round(value / 10 ** math.floor(math.log10(value))) if value > 0 else 0


def chart_apd_vs_press(section: Section, path: Path) -> Path:
    """APD euros (log) against press articles (symmetric log: 0 stays on the chart)."""
    from matplotlib.ticker import FuncFormatter

    from measure.render import _figure, _save

    fig, ax = _figure(section.title)
    rows = section.rows
    ax.scatter([r[2] for r in rows], [r[3] for r in rows], alpha=0.7)
    for r in outliers(rows):
        ax.annotate(r[0], (r[2], r[3]), fontsize=7, xytext=(4, 4), textcoords="offset points")
    ax.set_xscale("log")
    ax.set_yscale("symlog", linthresh=1)
    euros = FuncFormatter(lambda value, _: f"{number(value)} €")
    ax.xaxis.set_major_formatter(euros)
    # Within a decade, 2 and 5 times the power of ten are named too: a narrow range of amounts
    # would otherwise show a single tick label.
    ax.xaxis.set_minor_formatter(
        FuncFormatter(lambda value, _: euros(value) if _leading_digit(value) in (2, 5) else "")
    )
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: number(value)))
    ax.set_xlabel(f"{REGISTER_MEASURES['apd_eur']} (échelle logarithmique)")
    ax.set_ylabel(f"{REGISTER_MEASURES['press_articles']} (échelle logarithmique, 0 compris)")
    return _save(fig, path)


def write_registers_charts(sections: list[Section], folder: Path) -> list[Path]:
    """The registers charts the report's sections can fill, as PNG files in ``folder``."""
    by_key = {s.key: s for s in sections}
    charts = []
    if "ldc_trend" in by_key and by_key["ldc_trend"].rows:
        charts.append(chart_ldc_share(by_key["ldc_trend"], folder / "ldc_share.png"))
    if "apd_press" in by_key and by_key["apd_press"].rows:
        charts.append(chart_apd_vs_press(by_key["apd_press"], folder / "apd_vs_press.png"))
    return charts

"""``v_registers``, ``v_ldc_trend``, the Atlas actions of ``v_silent_actions`` and the registers
questions of the cookbook (docs/sql-cookbook.md, 11 and 12), by value on SQLite and PostgreSQL.

The scenario is tests/measure/registers_scenario.py on top of the cookbook scenario; every
expected row says how it follows from them. Values are normalised as in
tests/measure/test_cookbook_values.py (booleans 0/1, numbers as floats rounded to 6 places).
"""

from __future__ import annotations

from sqlalchemy import Engine, text

from measure.run import run_measure
from storage.officer import run_query
from tests.measure.cookbook_scenario import AS_OF
from tests.measure.registers_scenario import build_with_registers
from tests.measure.test_cookbook import cookbook_queries
from tests.measure.test_cookbook_values import _driver_rows, _normalised

ARA = ("84", "Auvergne-Rhône-Alpes")

#: v_registers ORDER BY year, collectivite_code. Council items are those of the council's own
#: source, press articles those naming the collectivité (P1 is D1's copy: once).
REGISTERS = [
    # Atlas 2024: Chambéry's two projects, Annecy's one; nothing else that year.
    (2024, "commune:73065", "Chambéry", "commune", "73", *ARA, 2, 0, 0, 0, 0, 0, None),
    (2024, "commune:74010", "Annecy", "commune", "74", *ARA, 1, 0, 0, 0, 0, 0, None),
    # C0 (15 Dec 2025), not relayed: 0 of 1.
    (2025, "commune:73065", "Chambéry", "commune", "73", *ARA, 0, 0, 0, 1, 0, 0, 0.0),
    # Brest: APD only (5,000 € to CM), in Bretagne.
    (2026, "commune:29019", "Brest", "commune", "29", "53", "Bretagne", 0, 5000, 0, 0, 0, 0, None),
    # Aix-les-Bains: one Atlas project, 2,500 € of APD, no council source, no press.
    (2026, "commune:73008", "Aix-les-Bains", "commune", "73", *ARA, 1, 2500, 0, 0, 0, 0, None),
    # Chambéry: 2 projects; APD 12,000 + 3,000; budget: the CA's 18,500 € of expenditure (the
    # BP's 20,000 and the 4,000 of revenue left out); C1-C4, of which C1 and C3 relayed: 2/4;
    # press D1 (P1 once) and D3.
    (2026, "commune:73065", "Chambéry", "commune", "73", *ARA, 2, 15000, 18500, 4, 2, 2, 0.5),
    # Annecy: 2 projects; APD 8,000 + 1,000 not allocated; budget: BP 9,000 (no CA; the 020
    # line was skipped at import); A1 relayed, A2 not: 1/2; press D5 and P7.
    (2026, "commune:74010", "Annecy", "commune", "74", *ARA, 2, 9000, 9000, 2, 1, 2, 0.5),
]

#: v_ldc_trend ORDER BY year, is_ldc DESC (LDCs here: BF, ML, SN).
LDC_TREND = [
    # Atlas 2024: BF and ML projects (2) against MA (1).
    (2024, 1, 2, 0, 0, 0, 0.666667, None, None, None),
    (2024, 0, 1, 0, 0, 0, 0.333333, None, None, None),
    # C0 names BF: the year's only item naming a country.
    (2025, 1, 0, 0, 1, 0, None, None, 1.0, None),
    (2025, 0, 0, 0, 0, 0, None, None, 0.0, None),
    # Atlas 2026: BF, ML, BF (3) against MA, JP (2). APD allocated: 12,000 + 8,000 + 2,500 =
    # 22,500 against 3,000 + 5,000 = 8,000 (the 1,000 not allocated is in neither): 22.5/30.5.
    # Council: C1 C2 C4 A2 (4) against C3 A1 (2) of 6 items. Press: D1 (P1 once) D6 (2)
    # against D5 D3 P7 (3) of 5.
    (2026, 1, 3, 22500, 4, 2, 0.6, 0.737705, 0.666667, 0.4),
    (2026, 0, 2, 8000, 2, 3, 0.4, 0.262295, 0.333333, 0.6),
]

#: Cookbook 11 (2026): ARA's APD 15,000 + 9,000 + 2,500 = 26,500 € for 4 press articles;
#: Bretagne's 5,000 € for none, last.
COOKBOOK_11 = [("84", "Auvergne-Rhône-Alpes", 26500, 4, 6625.0), ("53", "Bretagne", 5000, 0, None)]
#: Cookbook 12: the two silent LDC projects of the 2026 Atlas, both silent over the whole year
#: before 16 November 2026 (365 days); Chambéry–Ouahigouya is covered by D1.
COOKBOOK_12 = [
    ("Aix-les-Bains", "commune:73008", "Dori", "BF", "2025-01-01", 365, 2500),
    ("Annecy", "commune:74010", "Kayes", "ML", "2022-01-01", 365, 9000),
]


def _rows(engine: Engine, sql: str) -> list[tuple]:
    with engine.connect() as conn:
        return _normalised(conn.execute(text(sql)))


def test_registers_views_by_value(engine, tmp_path) -> None:  # type: ignore[no-untyped-def]
    build_with_registers(engine, tmp_path)
    assert _rows(engine, "SELECT * FROM v_registers ORDER BY year, collectivite_code") == (
        REGISTERS
    )
    assert _rows(engine, "SELECT * FROM v_ldc_trend ORDER BY year, is_ldc DESC") == LDC_TREND


def test_atlas_projects_are_actions(engine, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The latest Atlas's five projects are actions; three are covered by press naming the
    collectivité and the country (D1, D3, D5/P7); a new measure keeps their ids."""
    build_with_registers(engine, tmp_path)
    sql = (
        "SELECT action_id, actor_name, partner, country_iso2, object, is_ldc "
        "FROM v_silent_actions WHERE origin = 'atlas' ORDER BY actor_name"
    )
    before = _rows(engine, sql)
    assert [r[1:] for r in before] == [
        ("Aix-les-Bains", "Dori", "BF", "cooperation", 1),
        ("Annecy", "Kayes", "ML", "cooperation", 1),
    ]
    covered = _rows(
        engine, "SELECT COUNT(*) FROM actions WHERE origin = 'atlas' AND covered = TRUE"
    )
    assert covered == [(3,)]
    run_measure(engine, AS_OF)
    assert _rows(engine, sql) == before


def test_cookbook_registers_questions_by_value(engine, tmp_path) -> None:  # type: ignore[no-untyped-def]
    build_with_registers(engine, tmp_path)
    queries = cookbook_queries()[10:12]
    want = [COOKBOOK_11, COOKBOOK_12]
    officer = [run_query(engine, q).rows for q in queries]
    driver = _driver_rows(engine, queries)
    for number, (rows, raw, rows_expected) in enumerate(
        zip(officer, driver, want, strict=True), 11
    ):
        assert _normalised(rows) == rows_expected, f"cookbook query {number} (aict sql)"
        assert _normalised(raw) == rows_expected, f"cookbook query {number} (driver)"


def test_report_sections_and_charts(engine, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`aict report --plots`: the LDC share by year and APD against press per collectivité."""
    import datetime as dt

    from measure.registers_report import outliers
    from measure.render import write_charts
    from measure.report import build_report

    build_with_registers(engine, tmp_path)
    report = build_report(engine, dt.date(2026, 10, 1))
    # The LDC rows of v_ldc_trend (LDC_TREND above), shares only.
    assert [[round(v, 6) if isinstance(v, float) else v for v in r] for r in report.section(
        "ldc_trend"
    ).rows] == [[2024, 0.666667, None, None, None], [2025, None, None, 1.0, None],
                [2026, 0.6, 0.737705, 0.666667, 0.4]]  # fmt: skip
    # 2026, the latest year with APD, largest first.
    assert report.section("apd_press").rows == [
        ["Chambéry", "commune:73065", 15000.0, 2, 4],
        ["Annecy", "commune:74010", 9000.0, 2, 2],
        ["Brest", "commune:29019", 5000.0, 0, 0],
        ["Aix-les-Bains", "commune:73008", 2500.0, 0, 0],
    ]
    # Articles per euro, in log10: Brest 0.1 / 5,000 = -4.70, Aix-les-Bains -4.40, Chambéry
    # 2 / 15,000 = -3.88 (the median: third of four), Annecy -3.65. Brest is farthest.
    assert [r[0] for r in outliers(report.section("apd_press").rows, 2)] == [
        "Brest",
        "Aix-les-Bains",
    ]
    charts = {p.name: p for p in write_charts(report, tmp_path / "charts")}
    assert {"ldc_share.png", "apd_vs_press.png"} <= set(charts) and len(charts) == 7
    assert all(charts[n].stat().st_size > 10_000 for n in ("ldc_share.png", "apd_vs_press.png"))


def test_a_later_atlas_replaces_the_actions(engine, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A new file for the Atlas year replaces its projects: the one it drops leaves the action
    register at the next measure, the others keep their ids."""
    from storage.registers import import_register
    from tests.measure.registers_scenario import ATLAS_2026, ATLAS_HEADER

    build_with_registers(engine, tmp_path)
    sql = "SELECT id, actor_name FROM actions WHERE origin = 'atlas' ORDER BY id"
    before = _rows(engine, sql)
    newer = tmp_path / "new" / "atlas_2026.csv"
    newer.parent.mkdir()
    newer.write_text("\n".join([ATLAS_HEADER, *ATLAS_2026[:-1], ""]), encoding="utf-8")
    import_register(engine, "atlas", str(newer))
    run_measure(engine, AS_OF)
    assert _rows(engine, sql) == [r for r in before if r[1] != "Aix-les-Bains"]

"""The demo's sample registers (demoweb/material/registers): in their published layouts,
moved to the demo's year byte for byte, imported without a problem, and filling the registers
views. A cheap stand-in for the full `aict demo` run (tests/cli/test_demo.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import Engine, text

from demoweb.registers import FILES, MATERIAL, import_demo_registers, shifted_copy
from measure.run import run_measure


def test_files_keep_their_layout_when_moved(tmp_path: Path) -> None:
    for spec in FILES:
        same = shifted_copy(spec, 0, tmp_path / "same")
        assert same.read_bytes() == (MATERIAL / spec.name).read_bytes(), spec.name
    apd = next(s for s in FILES if s.name == "apd_2026.csv")
    moved = shifted_copy(apd, 1, tmp_path).read_bytes().decode("cp1252")
    assert moved.startswith("Année;Collectivité;") and "\r\n2027;Chambéry;" in moved
    assert "30\xa0000,00 €" in moved  # amounts untouched


def _one(engine: Engine, sql: str) -> list[tuple]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql))]


def test_demo_registers_fill_the_views(engine: Engine, tmp_path: Path) -> None:
    as_of = dt.date(2027, 3, 1)  # one year after the files' year: everything moves by one
    rows = import_demo_registers(engine, as_of, tmp_path)
    assert rows == {"atlas": 41, "apd": 30, "budgets": 10}
    run_measure(engine, as_of)
    years = _one(
        engine,
        "SELECT year, SUM(atlas_projects), SUM(apd_eur) > 0, SUM(budget_eur) > 0 "
        "FROM v_registers GROUP BY year ORDER BY year",
    )
    assert years == [(2025, 17, 0, 0), (2026, 0, 1, 0), (2027, 24, 1, 1)]
    groups = _one(engine, "SELECT year, is_ldc FROM v_ldc_trend ORDER BY year, is_ldc")
    assert groups == [(y, g) for y in (2025, 2026, 2027) for g in (0, 1)]
    # No article here: every project of the latest Atlas is a silent action.
    silent = _one(engine, "SELECT COUNT(*) FROM v_silent_actions WHERE origin = 'atlas'")
    assert silent == [(24,)]
    # The small communes of the registers are there, crawled or not.
    small = _one(
        engine,
        "SELECT collectivite_code FROM v_registers WHERE year = 2027 "
        "AND collectivite_code IN ('commune:63430', 'commune:73248')",
    )
    assert small == [("commune:63430",)]  # Saint-Jean-de-Maurienne's project ended in 2026

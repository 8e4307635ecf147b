"""`aict sources build --from-registers`: every collectivité of the Atlas or the APD with a known
website joins the council registry whatever its population; nothing half-written."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from sqlalchemy import Engine

from crawlers.registry import build_registry, read_registry, registered_collectivites
from storage.registers import import_register
from tests.measure.registers_scenario import write_registers


def test_registered_collectivites_join_the_registry(engine: Engine, tmp_path: Path) -> None:
    for register, path in write_registers(tmp_path):
        import_register(engine, register, str(path))
    also = registered_collectivites(engine)
    # Atlas: Chambéry, Annecy, Aix-les-Bains; APD: the same and Brest (budgets do not count).
    assert also == {"commune:73065", "commune:74010", "commune:73008", "commune:29019"}
    out = tmp_path / "sources.yaml"
    # No commune reaches this population: only the registers bring communes in.
    counts = build_registry(out_path=out, min_population=10**9, also=also)
    assert (counts["registered"], counts["no_website"]) == (4, 0)
    councils = {s.collectivite: s for s in read_registry(out).sources if s.kind == "council"}
    communes = sorted(c for c in councils if c.startswith("commune:"))
    assert communes == sorted(also)
    assert councils["commune:73008"].homepage == "https://www.aixlesbains.fr/"


def test_unknown_website_is_counted_and_a_failed_build_keeps_the_file(tmp_path: Path) -> None:
    out = tmp_path / "sources.yaml"
    counts = build_registry(out_path=out, min_population=10**9, also=frozenset({"epci:200040715"}))
    assert (counts["registered"], counts["no_website"]) == (0, 1)
    before = out.read_bytes()
    bad_press = tmp_path / "press.yaml"
    bad_press.write_text(yaml.safe_dump({"sources": [{"slug": "x"}]}), encoding="utf-8")
    with pytest.raises(ValueError):
        build_registry(press_path=bad_press, out_path=out)
    assert out.read_bytes() == before
    assert not list(tmp_path.glob(".*.tmp"))


def test_command_line(sqlite_template: Path, tmp_path: Path) -> None:
    """`aict sources build --from-registers --db URL`: the summary line; a database that was
    never initialised is one line, exit 1, and no file."""
    from tests.conftest import copy_sqlite
    from tests.support.cli import run_aict

    url = copy_sqlite(sqlite_template, tmp_path / "aict.db")
    atlas = tmp_path / "atlas_2026.csv"
    atlas.write_text(
        "Collectivité française,Département,Code INSEE,Collectivité partenaire,Pays\n"
        "Thiers,63,63430,Commune de Kédougou,Sénégal\n",
        encoding="utf-8",
    )
    assert run_aict("registers", "import", "atlas", str(atlas), "--db", url).returncode == 0
    out = tmp_path / "sources.yaml"
    result = run_aict("sources", "build", "--from-registers", "--db", url, "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "(1 of the 1 registered collectivité; 0 without a known website)" in result.stdout
    assert any(s.collectivite == "commune:63430" for s in read_registry(out).sources)
    missing = tmp_path / "none.db"
    other = tmp_path / "other.yaml"
    result = run_aict(
        "sources", "build", "--from-registers", "--db", f"sqlite:///{missing}", "--out", str(other)
    )
    assert result.returncode == 1 and not other.exists()
    assert result.stderr.strip().count("\n") == 0 and "aict init" in result.stderr

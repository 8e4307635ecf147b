"""`aict registers import` through the real console script: the samples, a second run that
changes nothing, and bad input as line-numbered lines on stderr with exit code 1."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import query_db
from tests.support.cli import run_aict

SAMPLES = Path(__file__).resolve().parents[2] / "storage" / "registers" / "samples"


def test_import_samples_then_again(db_url: str) -> None:
    for register, name, said in (
        ("atlas", "atlas_2024.csv", "atlas 2024: imported 32 rows from atlas_2024.csv"),
        ("apd", "apd_2023.csv", "apd 2023: imported 30 rows from apd_2023.csv (csv cp1252"),
        ("budgets", "budgets_2023.xlsx", "budgets 2023: imported 26 rows from budgets_2023.xlsx"),
    ):
        result = run_aict("registers", "import", register, str(SAMPLES / name), "--db", db_url)
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith(said), result.stdout
    again = run_aict("registers", "import", "apd", str(SAMPLES / "apd_2023.csv"), "--db", db_url)
    assert again.returncode == 0, again.stderr
    assert "already imported" in again.stdout and "nothing changed" in again.stdout
    assert query_db(db_url, "SELECT COUNT(*) FROM register_imports")[0][0] == 3


def test_bad_file_says_each_line_and_writes_nothing(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'aict.db'}"
    assert run_aict("init", "--db", db).returncode == 0
    path = tmp_path / "apd_2023.csv"
    path.write_bytes(
        "Année;Collectivité;Département;Pays bénéficiaire;Montant (€)\r\n"
        "2023;Chambéry;73;Mali;1 200,00 €\r\n"
        "2023;Saint-Denis;;Mali;500\r\n"
        "2023;Chambéry;73;Bénin;-3\r\n".encode("cp1252")
    )
    result = run_aict("registers", "import", "apd", str(path), "--db", db)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"{path}, line 3: unknown collectivité 'Saint-Denis'")
    assert lines[1] == f"{path}, line 4: negative amount '-3' in column 'Montant (€)'"
    assert lines[2] == f"aict: error: 2 errors in {path}: nothing stored"
    assert "Traceback" not in result.stderr
    assert query_db(db, "SELECT COUNT(*) FROM apd_declarations")[0][0] == 0


def test_uninitialised_database(tmp_path: Path) -> None:
    result = run_aict(
        "registers",
        "import",
        "apd",
        str(SAMPLES / "apd_2023.csv"),
        "--db",
        f"sqlite:///{tmp_path / 'none.db'}",
    )
    assert result.returncode == 1
    assert "run `aict init`" in result.stderr

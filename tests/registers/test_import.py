"""`import_register` on SQLite and PostgreSQL: the samples, idempotence, all-or-nothing, and one
line-numbered problem per bad input with nothing written."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import Engine, func, select, text

from models import ApdDeclaration, AtlasProject, BudgetLine, RegisterImport
from storage.registers import RegisterError, import_register

SAMPLES = Path(__file__).resolve().parents[2] / "storage" / "registers" / "samples"
APD_HEADER = "Année;Collectivité;Département;SIREN;Pays bénéficiaire;Type d'aide;Montant (€)"
TABLES = ("register_imports", "atlas_projects", "apd_declarations", "budget_lines")


def apd_file(tmp_path: Path, *rows: str, header: str = APD_HEADER, name: str = "apd.csv") -> str:
    """A small APD file in the published layout (cp1252, semicolons)."""
    path = tmp_path / name
    path.write_bytes("\r\n".join([header, *rows, ""]).encode("cp1252"))
    return str(path)


def counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {t: conn.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar_one() for t in TABLES}


def problems_of(engine: Engine, *args, **kwargs) -> list[str]:  # type: ignore[no-untyped-def]
    before = counts(engine)
    with pytest.raises(RegisterError) as err:
        import_register(engine, *args, **kwargs)
    assert counts(engine) == before  # nothing written
    return err.value.problems


def test_samples_import_in_their_layouts(engine: Engine) -> None:
    atlas = import_register(engine, "atlas", str(SAMPLES / "atlas_2024.csv"))
    apd = import_register(engine, "apd", str(SAMPLES / "apd_2023.csv"))
    budgets = import_register(engine, "budgets", str(SAMPLES / "budgets_2023.xlsx"))
    assert (atlas.year, atlas.rows, atlas.file_format) == (2024, 32, "csv utf-8 comma")
    assert (apd.year, apd.rows, apd.file_format) == (2023, 30, "csv cp1252 semicolon")
    assert (budgets.year, budgets.rows, budgets.skipped) == (2023, 26, 12)
    with engine.connect() as conn:
        total = conn.scalar(select(func.sum(ApdDeclaration.amount_eur)))
        assert float(total) == 3_464_100.50
        homonyms = conn.execute(
            select(AtlasProject.collectivite_code, AtlasProject.country_iso2)
            .where(AtlasProject.collectivite_code.in_(["commune:93066", "commune:97411"]))
            .order_by(AtlasProject.collectivite_code)
        ).all()
        assert [tuple(r) for r in homonyms] == [("commune:93066", "BF"), ("commune:97411", "MG")]
        imports = conn.execute(
            select(
                RegisterImport.register, RegisterImport.file_name, RegisterImport.row_count
            ).order_by(RegisterImport.id)
        ).all()
        assert [tuple(r) for r in imports] == [
            ("atlas", "atlas_2024.csv", 32),
            ("apd", "apd_2023.csv", 30),
            ("budgets", "budgets_2023.xlsx", 26),
        ]
        assert (
            conn.scalar(
                select(func.count())
                .select_from(BudgetLine)
                .where(BudgetLine.function_code.not_like("04%"))
            )
            == 0
        )


def test_reimport_changes_nothing(engine: Engine, tmp_path: Path) -> None:
    copy = tmp_path / "renamed-apd.csv"
    shutil.copy(SAMPLES / "apd_2023.csv", copy)
    import_register(engine, "apd", str(SAMPLES / "apd_2023.csv"))
    with engine.connect() as conn:
        before = conn.execute(text("SELECT * FROM apd_declarations ORDER BY id")).all()
        imports = conn.execute(text("SELECT * FROM register_imports")).all()
    again = import_register(engine, "apd", str(SAMPLES / "apd_2023.csv"))
    same_bytes = import_register(engine, "apd", str(copy))
    assert again.unchanged and same_bytes.unchanged
    with engine.connect() as conn:
        assert conn.execute(text("SELECT * FROM apd_declarations ORDER BY id")).all() == before
        assert conn.execute(text("SELECT * FROM register_imports")).all() == imports


def test_another_file_for_the_year_replaces_the_rows(engine: Engine, tmp_path: Path) -> None:
    first = apd_file(tmp_path, "2023;Chambéry;73;;Mali;Projet;1 000,00 €", name="a.csv")
    second = apd_file(tmp_path, "2023;Chambéry;73;;Bénin;Projet;2 500,00 €", name="b.csv")
    import_register(engine, "apd", first)
    result = import_register(engine, "apd", second)
    assert result.replaced == 1
    with engine.connect() as conn:
        rows = conn.execute(select(ApdDeclaration.country_iso2, ApdDeclaration.amount_eur)).all()
        assert [(r[0], float(r[1])) for r in rows] == [("BJ", 2500.0)]
        replaced = (
            conn.execute(
                select(RegisterImport.file_name).where(RegisterImport.replaced_at.is_not(None))
            )
            .scalars()
            .all()
        )
        assert replaced == ["a.csv"]
    assert not import_register(engine, "apd", first).unchanged  # back to the first file
    assert counts(engine)["apd_declarations"] == 1


def test_all_or_nothing(engine: Engine, tmp_path: Path) -> None:
    """29 good rows and one bad: nothing is written."""
    lines = (SAMPLES / "apd_2023.csv").read_bytes().decode("cp1252").splitlines()
    lines[-1] = lines[-1].replace("Montpellier", "Montpellier-les-Oies")
    path = tmp_path / "apd_2023.csv"
    path.write_bytes("\r\n".join(lines).encode("cp1252"))
    problems = problems_of(engine, "apd", str(path))
    assert len(problems) == 1 and problems[0].startswith(f"{path}, line 31: unknown collectivité")


def test_wrong_encoding(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "apd.csv"
    path.write_bytes(
        (APD_HEADER + "\r\n").encode()
        + "2023;Besançon;25;;Mali;Projet;10\r\n".encode("cp1252")
        + "2023;Chambéry;73;;Bénin;Projet;10\r\n".encode()
        + b"2023;Limoges;87;;Tchad;Projet;10\r\n"
    )
    assert problems_of(engine, "apd", str(path)) == [
        f"{path}, line 2: text that is not UTF-8 in a UTF-8 file: save the whole file in one "
        "encoding"
    ]


def test_missing_and_renamed_columns(engine: Engine, tmp_path: Path) -> None:
    header = "Année;Collectivité;Pays bénéficiaire;Type d'aide;Montant versé"
    path = apd_file(tmp_path, "2023;Chambéry;Mali;Projet;10", header=header)
    assert problems_of(engine, "apd", path) == [
        f"{path}, line 1: missing column 'Montant (€)' (amount_eur); found 'Montant versé': "
        "renamed? add it to apd.yaml"
    ]
    path = apd_file(tmp_path, "2023;Mali;10", header="Année;Pays bénéficiaire;Montant (€)")
    assert problems_of(engine, "apd", path) == [
        f"{path}, line 1: no column naming the collectivité (expected one of 'SIREN', "
        "'Code INSEE', 'Collectivité')"
    ]


def test_unknown_collectivite_and_report(engine: Engine, tmp_path: Path) -> None:
    path = apd_file(
        tmp_path,
        "2023;Chambéry;73;;Mali;Projet;10",
        "2023;Saint-Denis;;;Mali;Projet;10",
        "2023;Nowhere;;;Mali;Projet;10",
        "2023;;;217500016;Mali;Projet;10",
    )
    report = tmp_path / "unresolved.csv"
    problems = problems_of(engine, "apd", path, unresolved_report=str(report))
    assert [p.split(": ")[0] for p in problems] == [f"{path}, line {n}" for n in (3, 4, 5)]
    assert "communes named 'Saint-Denis' (départements " in problems[0]
    assert "93, 974): give the département or INSEE code" in problems[0]
    assert "no commune named 'Nowhere'" in problems[1]
    assert "SIREN 217500016 is not an EPCI" in problems[2]
    lines = report.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "line,siren,insee,name,departement,kind,reason"
    assert [line.split(",")[0] for line in lines[1:]] == ["3", "4", "5"]


def test_duplicate_rows(engine: Engine, tmp_path: Path) -> None:
    path = apd_file(
        tmp_path,
        "2023;Chambéry;73;;Mali;Projet;10",
        "2023;Chambéry;73;;Bénin;Projet;10",
        "2023;Ville de Chambéry;73;;Mali;Projet;20",
    )
    assert problems_of(engine, "apd", path) == [
        f"{path}, line 4: duplicate of line 2 (same collectivite, country_iso2, aid_type)"
    ]


def test_empty_and_negative_amounts(engine: Engine, tmp_path: Path) -> None:
    path = apd_file(
        tmp_path,
        "2023;Chambéry;73;;Mali;Projet;",
        "2023;Chambéry;73;;Bénin;Projet;-1 200,00 €",
        "2023;Chambéry;73;;Niger;Projet;douze",
        "2023;Chambéry;73;;Togo;Projet;0",
    )
    assert problems_of(engine, "apd", path) == [
        f"{path}, line 2: empty amount in column 'Montant (€)'",
        f"{path}, line 3: negative amount '-1 200,00 €' in column 'Montant (€)'",
        f"{path}, line 4: 'douze' is not an amount ('Montant (€)')",
    ]


def test_unknown_or_french_country(engine: Engine, tmp_path: Path) -> None:
    path = apd_file(
        tmp_path, "2023;Chambéry;73;;Atlantide;Projet;10", "2023;Chambéry;73;;Guadeloupe;Projet;10"
    )
    problems = problems_of(engine, "apd", path)
    assert problems == [
        f"{path}, line 2: unknown country 'Atlantide' ('Pays bénéficiaire')",
        f"{path}, line 3: 'Guadeloupe' is France, not a partner country ('Pays bénéficiaire')",
    ]


def test_year_disagreements(engine: Engine, tmp_path: Path) -> None:
    path = apd_file(
        tmp_path, "2023;Chambéry;73;;Mali;Projet;10", "2022;Chambéry;73;;Bénin;Projet;10"
    )
    assert problems_of(engine, "apd", path, year=2023) == [
        f"{path}, line 3: year 2022 disagrees with --year 2023"
    ]
    assert problems_of(engine, "apd", path) == [
        f"{path}: rows of several years (2022, 2023): pass --year YYYY or import one file per year"
    ]
    atlas = tmp_path / "atlas_2024.csv"
    shutil.copy(SAMPLES / "atlas_2024.csv", atlas)
    assert problems_of(engine, "atlas", str(atlas), year=2023) == [
        f"{atlas}: --year 2023 disagrees with the year in the file name (2024)"
    ]
    undated = tmp_path / "atlas.csv"
    shutil.copy(SAMPLES / "atlas_2024.csv", undated)
    assert problems_of(engine, "atlas", str(undated)) == [
        f"{undated}: no year in the file name: pass --year YYYY"
    ]
    assert import_register(engine, "atlas", str(undated), year=2022).rows == 32


def test_xlsx_with_problems_gives_spreadsheet_rows(engine: Engine, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["BGT_ANNEE", "BGT_SIRET", "BGT_NOM", "BGT_FONCTION", "BGT_MTREAL", "BGT_MTPREV"])
    sheet.append([2023, "24440040400013", "NANTES METROPOLE", "048", None, 1500.5])
    sheet.append([2023, "24440040400013", "NANTES METROPOLE", "020", None, 99])
    sheet.append([2023, "24440040400013", "NANTES METROPOLE", "041", -5, None])
    buf = io.BytesIO()
    book.save(buf)
    path = tmp_path / "budget.xlsx"
    path.write_bytes(buf.getvalue())
    assert problems_of(engine, "budgets", str(path)) == [
        f"{path}, line 4: negative amount '-5' in column 'BGT_MTREAL'"
    ]


def test_unknown_register_and_missing_file(engine: Engine, tmp_path: Path) -> None:
    with pytest.raises(RegisterError, match="unknown register 'crm'"):
        import_register(engine, "crm", str(SAMPLES / "apd_2023.csv"))
    with pytest.raises(RegisterError, match="no such file"):
        import_register(engine, "apd", str(tmp_path / "none.csv"))

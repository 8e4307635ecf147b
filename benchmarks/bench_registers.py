"""Register import benchmark (issue 15): a generated Atlas of 12,000 projects, then 10 years of
APD declarations and budget lines for 5,000 collectivités, imported on SQLite and PostgreSQL.

Generated files, written like the published ones: the Atlas in UTF-8 with commas, the APD in
cp1252 with semicolons and French amounts, the budgets as SCDL CSV (one file per year each).
Collectivités are drawn from the reference: communes by name + département or INSEE code, EPCI
by SIREN, so every resolution path is exercised. Then the same files again, which must change
nothing. Goal: everything imported in under 30 s on each database.
Run: ``.venv/bin/python -m benchmarks.bench_registers [--pg URL]``.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import random
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import text

from measure.run import run_measure
from storage.bootstrap import init_database
from storage.engine import make_engine
from storage.registers import import_register

PROJECTS = 12_000
COLLECTIVITES = 5_000
YEARS = range(2014, 2024)
#: The measure date of the downstream timings (any date: no article is measured).
AS_OF = dt.date(2026, 12, 4)
COUNTRIES = [
    "Sénégal",
    "Mali",
    "Burkina Faso",
    "Madagascar",
    "Maroc",
    "Tunisie",
    "Bénin",
    "Viêt Nam",
    "Haïti",
    "Cameroun",
    "Liban",
    "Chine",
    "Canada",
    "Allemagne",
    "Niger",
]
PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def pick_collectivites(url: str, rnd: random.Random) -> list[dict[str, str]]:
    engine = make_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT code, kind, name, departement_code FROM collectivites "
                "WHERE kind IN ('commune', 'epci') ORDER BY code"
            )
        ).all()
    engine.dispose()
    communes = [r for r in rows if r.kind == "commune"]
    epci = [r for r in rows if r.kind == "epci"]
    chosen = rnd.sample(communes, COLLECTIVITES - 800) + rnd.sample(epci, 800)
    out = []
    for r in chosen:
        if r.kind == "epci":
            out.append({"name": r.name, "dep": "", "insee": "", "siren": r.code[5:]})
        elif rnd.random() < 0.5:
            out.append({"name": r.name, "dep": r.departement_code or "", "insee": "", "siren": ""})
        else:
            out.append({"name": r.name, "dep": "", "insee": r.code[8:], "siren": ""})
    return out


def french(amount: float) -> str:
    whole, cents = f"{amount:.2f}".split(".")
    groups = f"{int(whole):,}".replace(",", "\u00a0")
    return f"{groups},{cents}\u00a0€"


ATLAS_HEADER = [
    "Collectivité française",
    "Département",
    "Code INSEE",
    "SIREN collectivité",
    "Collectivité partenaire",
    "Pays",
    "Intitulé du projet",
    "Thématiques",
    "Année de début",
]
APD_HEADER = [
    "Année",
    "Collectivité",
    "Département",
    "Code INSEE",
    "SIREN",
    "Pays bénéficiaire",
    "Type d'aide",
    "Montant (€)",
]
BUDGET_HEADER = [
    "BGT_NATDEC",
    "BGT_ANNEE",
    "BGT_SIRET",
    "BGT_NOM",
    "Code INSEE",
    "Département",
    "BGT_NATURE",
    "BGT_FONCTION",
    "BGT_FONCTION_LABEL",
    "BGT_SECTION",
    "BGT_CODRD",
    "BGT_MTREAL",
]


def _csv(header: list[str], rows: list[list[object]], delimiter: str = ",") -> str:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter)
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


def _atlas_rows(who: list[dict[str, str]], rnd: random.Random) -> list[list[object]]:
    rows: list[list[object]] = []
    for n in range(PROJECTS):
        c = who[n % len(who)]
        rows.append(
            [c["name"], c["dep"], c["insee"], c["siren"], f"Partenaire {n}"]
            + [rnd.choice(COUNTRIES), f"Projet {n}", "Gouvernance locale", 2000 + n % 24]
        )
    return rows


def _apd_rows(year: int, who: list[dict[str, str]], rnd: random.Random) -> list[list[object]]:
    return [
        [year, c["name"], c["dep"], c["insee"], c["siren"], rnd.choice(COUNTRIES), "Projet"]
        + [french(rnd.uniform(500, 200_000))]
        for c in who
    ]


def _budget_rows(year: int, who: list[dict[str, str]], rnd: random.Random) -> list[list[object]]:
    rows: list[list[object]] = []
    for c in who:
        siret = c["siren"] + "00017" if c["siren"] else ""
        for function in ("048", "020"):
            amount = f"{rnd.uniform(100, 90_000):.2f}".replace(".", ",")
            rows.append(
                ["CA", year, siret, c["name"], c["insee"], c["dep"], "6574", function]
                + ["Autres actions internationales", "F", "D", amount]
            )
    return rows


def write_files(
    folder: Path, who: list[dict[str, str]], rnd: random.Random
) -> list[tuple[str, Path]]:
    """The generated Atlas (UTF-8, commas), APD (cp1252, semicolons) and budget files."""
    atlas = folder / "atlas_2024.csv"
    atlas.write_text(_csv(ATLAS_HEADER, _atlas_rows(who, rnd)), encoding="utf-8")
    files: list[tuple[str, Path]] = [("atlas", atlas)]
    for year in YEARS:
        path = folder / f"apd_{year}.csv"
        path.write_bytes(_csv(APD_HEADER, _apd_rows(year, who, rnd), ";").encode("cp1252"))
        files.append(("apd", path))
    for year in YEARS:
        path = folder / f"budgets_{year}.csv"
        path.write_text(_csv(BUDGET_HEADER, _budget_rows(year, who, rnd), ";"), encoding="utf-8")
        files.append(("budgets", path))
    return files


def run(url: str, files: list[tuple[str, Path]]) -> tuple[float, ...]:
    """Import times (first, same files again), rows, then the registers' cost downstream:
    ``aict measure`` making the 12,000 projects actions (first run, then a run with nothing
    new), and reading ``v_registers`` and ``v_ldc_trend`` whole."""
    engine = make_engine(url)
    start = time.perf_counter()
    rows = sum(import_register(engine, register, str(path)).rows for register, path in files)
    first = time.perf_counter() - start
    start = time.perf_counter()
    assert all(import_register(engine, r, str(p)).unchanged for r, p in files)
    again = time.perf_counter() - start
    measures = []
    for _ in range(2):
        start = time.perf_counter()
        run_measure(engine, AS_OF)
        measures.append(time.perf_counter() - start)
    views = []
    with engine.connect() as conn:
        for view in ("v_registers", "v_ldc_trend"):
            start = time.perf_counter()
            conn.execute(text(f"SELECT * FROM {view}")).all()  # noqa: S608 - fixed names
            views.append(time.perf_counter() - start)
    engine.dispose()
    return first, again, rows, *measures, *views


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pg", default=PG_ADMIN, help="PostgreSQL admin URL ('' to skip)")
    args = parser.parse_args()
    rnd = random.Random(15)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        sqlite_url = f"sqlite:///{folder / 'bench.db'}"
        engine = make_engine(sqlite_url)
        init_database(engine)
        engine.dispose()
        files = write_files(folder, pick_collectivites(sqlite_url, rnd), rnd)
        size = sum(p.stat().st_size for _, p in files) / 1e6
        print(
            f"{len(files)} files, {size:.1f} MB: Atlas {PROJECTS:,} projects; APD and budgets "
            f"for {COLLECTIVITES:,} collectivités × {len(YEARS)} years"
        )
        results = {"SQLite": run(sqlite_url, files)}
        if args.pg:
            admin = make_engine(args.pg, isolation_level="AUTOCOMMIT")
            name = f"aict_bench_reg_{uuid.uuid4().hex[:8]}"
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
            pg_url = admin.url.set(database=name).render_as_string(hide_password=False)
            try:
                engine = make_engine(pg_url)
                init_database(engine)
                engine.dispose()
                results["PostgreSQL"] = run(pg_url, files)
            finally:
                with admin.connect() as conn:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                admin.dispose()
    print("| database | rows stored | import (s) | rows/s | same files again (s) |")
    print("|---|---|---|---|---|")
    for db, (first, again, rows, *_) in results.items():
        print(f"| {db} | {rows:,} | {first:.1f} | {rows / first:,.0f} | {again:.2f} |")
    print()
    print(
        "| database | measure, Atlas → actions (s) | measure again (s) | v_registers (s) | v_ldc_trend (s) |"
    )
    print("|---|---|---|---|---|")
    for db, (*_, m1, m2, v1, v2) in results.items():
        print(f"| {db} | {m1:.1f} | {m2:.1f} | {v1:.2f} | {v2:.2f} |")


if __name__ == "__main__":
    main()

"""Sample registers of the demo territory, imported by ``aict demo`` so the registers views and
charts are filled.

The files in ``material/registers/`` are team-written (invented projects, amounts and budget
lines for the demo's councils and a few smaller communes; partners from the demo web), in the
published layouts of ``storage/registers/*.yaml``: the Atlas as UTF-8 with commas, APD
declarations as cp1252 with semicolons and French amounts, budgets as SCDL with semicolons.
They are written for :data:`BASE_YEAR`, the year of the demo's articles when they were written;
the demo's articles are dated from today, so each file is copied with its years moved by the
same number of years as today is from :data:`BASE_YEAR` (and imported from the copy).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from storage.registers import import_register

MATERIAL = Path(__file__).with_name("material") / "registers"
BASE_YEAR = 2026


@dataclass(frozen=True)
class DemoRegister:
    """One shipped file: its register, encoding, delimiter and the columns holding years."""

    register: str
    name: str
    encoding: str
    delimiter: str
    year_columns: tuple[str, ...]


FILES = (
    DemoRegister("atlas", "atlas_2024.csv", "utf-8", ",", ("Année de début", "Année de fin")),
    DemoRegister("atlas", "atlas_2026.csv", "utf-8", ",", ("Année de début", "Année de fin")),
    DemoRegister("apd", "apd_2025.csv", "cp1252", ";", ("Année",)),
    DemoRegister("apd", "apd_2026.csv", "cp1252", ";", ("Année",)),
    DemoRegister("budgets", "budgets_2026.csv", "utf-8", ";", ("BGT_ANNEE",)),
)
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")


def _shift(value: str, years: int) -> str:
    """A year cell (or a file name) with its year moved by ``years``; empty stays empty."""
    return _YEAR.sub(lambda m: str(int(m.group(1)) + years), value)


def shifted_copy(spec: DemoRegister, years: int, out_dir: Path) -> Path:
    """The shipped file with its years moved, same encoding, delimiter and line ends."""
    raw = (MATERIAL / spec.name).read_bytes().decode(spec.encoding)
    newline = "\r\n" if "\r\n" in raw else "\n"
    rows = list(csv.reader(io.StringIO(raw, newline=""), delimiter=spec.delimiter))
    shifted = [i for i, name in enumerate(rows[0]) if name in spec.year_columns]
    for row in rows[1:]:
        for i in shifted:
            row[i] = _shift(row[i], years)
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=spec.delimiter, lineterminator=newline).writerows(rows)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / _shift(spec.name, years)
    path.write_bytes(buffer.getvalue().encode(spec.encoding))
    return path


def import_demo_registers(engine: Engine, as_of: dt.date, out_dir: Path) -> dict[str, int]:
    """Copy the demo registers for ``as_of``'s year into ``out_dir`` and import them; rows per
    register. A problem raises RegisterError, as ``aict registers import`` would report it."""
    rows: dict[str, int] = {}
    for spec in FILES:
        path = shifted_copy(spec, as_of.year - BASE_YEAR, out_dir)
        result = import_register(engine, spec.register, str(path))
        rows[spec.register] = rows.get(spec.register, 0) + result.rows
    return rows

"""`aict registers import atlas|apd|budgets FILE [--year YYYY]`: one register file, all rows or none.

The column mapping of each register is data (``storage/registers/<register>.yaml``). The file
is read (:mod:`storage.registers.reading`), every row validated and its collectivité and
country resolved (:mod:`storage.registers.resolve`); any problem — missing column, unknown
collectivité, duplicate row, empty or negative amount, a year that disagrees — is reported
with its line and nothing is written. Otherwise one transaction records the file in
``register_imports`` (name, sha256, time, rows) and inserts its rows; the same file again
changes nothing, another file for the same register and year replaces the earlier rows.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import hashlib
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import Engine, delete, insert, select, update
from sqlalchemy.orm import Session

from models import ApdDeclaration, AtlasProject, BudgetLine, RegisterImport
from models.base import utcnow
from storage.engine import affected_rows, write_session
from storage.registers.reading import RegisterError, Table, normalise, parse_amount, read_table
from storage.registers.resolve import CollectiviteIndex, CountryIndex

MAPPINGS = Path(__file__).parent
TABLES: dict[str, Any] = {"atlas": AtlasProject, "apd": ApdDeclaration, "budgets": BudgetLine}
IDENTITY = ("siren", "insee", "name", "departement", "kind")
_FILE_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d)(?!\d)")


@dataclass(frozen=True)
class Mapping:
    register: str
    year_field: str | None
    key: tuple[str, ...]
    fields: dict[str, dict[str, Any]]
    keep: dict[str, Any] | None
    path: Path


@cache
def load_mapping(register: str) -> Mapping:
    """The column mapping of a register, from its YAML file."""
    if register not in TABLES:
        raise RegisterError([f"unknown register {register!r} (one of {', '.join(TABLES)})"])
    path = MAPPINGS / f"{register}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return Mapping(
        register=register,
        year_field=data.get("year_field"),
        key=tuple(data["key"]),
        fields={k: dict(v) for k, v in data["fields"].items()},
        keep=data.get("keep"),
        path=path,
    )


@dataclass
class ImportResult:
    register: str
    year: int
    file_name: str
    sha256: str
    file_format: str
    rows: int
    skipped: int
    unchanged: bool
    replaced: int = 0


@dataclass
class Unresolved:
    line: int
    values: dict[str, str]
    reason: str


def locate_columns(header: list[str], mapping: Mapping, name: str) -> dict[str, list[int]]:
    """For each field, the indexes of the header columns it accepts (in the mapping's order);
    RegisterError naming every required column missing, with the nearest header present."""
    positions = {normalise(h): i for i, h in reversed(list(enumerate(header)))}
    located: dict[str, list[int]] = {}
    problems = []
    for field_name, spec in mapping.fields.items():
        found = [positions[normalise(c)] for c in spec["columns"] if normalise(c) in positions]
        located[field_name] = found
        if not found and spec.get("required"):
            expected = spec["columns"][0]
            near = difflib.get_close_matches(expected, header, n=1, cutoff=0.6)
            hint = f"; found {near[0]!r}: renamed? add it to {mapping.path.name}" if near else ""
            problems.append(f"{name}, line 1: missing column {expected!r} ({field_name}){hint}")
    if not any(located[f] for f in ("siren", "insee", "name") if f in located):
        problems.append(
            f"{name}, line 1: no column naming the collectivité (expected one of "
            + ", ".join(repr(mapping.fields[f]["columns"][0]) for f in ("siren", "insee", "name"))
            + ")"
        )
    if problems:
        raise RegisterError(problems)
    return located


def _value(cells: list[str], indexes: list[int]) -> tuple[str, int | None]:
    """The first non-empty cell among the field's columns, and its index."""
    for i in indexes:
        if i < len(cells) and cells[i].strip():
            return cells[i].strip(), i
    return "", indexes[0] if indexes else None


_INVALID = object()  # a cell whose value was refused (its problem is recorded)


@dataclass(frozen=True)
class _RowFields:
    """Reads a row's cells into its record's typed fields, recording each problem."""

    table: Table
    mapping: Mapping
    located: dict[str, list[int]]
    nones: dict[str, set[str]]
    countries: CountryIndex
    where: str
    problems: list[str]

    def read_into(self, record: dict[str, Any], raw: dict[str, tuple[str, int | None]]) -> None:
        """Every field but the identity ones: a refused cell leaves its field unset."""
        for field_name, spec in self.mapping.fields.items():
            if field_name in IDENTITY:
                continue
            text, index = raw[field_name]
            column = self.table.header[index] if index is not None else spec["columns"][0]
            kind = spec.get("type", "text")
            if not text:
                if spec.get("required") and self.located[field_name]:
                    what = "amount" if kind == "amount" else f"value ({field_name})"
                    self.problems.append(f"{self.where}: empty {what} in column {column!r}")
                record[field_name] = None
                continue
            value = self._typed(field_name, kind, text, column)
            if value is not _INVALID:
                record[field_name] = value

    def _typed(self, field_name: str, kind: str, text: str, column: str) -> Any:
        """The cell's value for its field type, or _INVALID with its problem recorded."""
        where, problems = self.where, self.problems
        if kind == "int":
            if not re.fullmatch(r"\d{1,4}", text):
                problems.append(f"{where}: {text!r} is not a year or number ({column!r})")
                return _INVALID
            return int(text)
        if kind == "amount":
            try:
                amount = parse_amount(text)
            except ValueError:
                problems.append(f"{where}: {text!r} is not an amount ({column!r})")
                return _INVALID
            if amount is not None and amount < 0:
                problems.append(f"{where}: negative amount {text!r} in column {column!r}")
                return _INVALID
            return amount
        if kind == "country":
            if normalise(text) in self.nones[field_name]:
                return None
            iso2, why = self.countries.resolve(text)
            if iso2 is None:
                problems.append(f"{where}: {why} ({column!r})")
                return _INVALID
            return iso2
        return text


def _collectivite(
    collectivites: CollectiviteIndex,
    raw: dict[str, tuple[str, int | None]],
    line: int,
    where: str,
    unresolved: list[Unresolved],
    problems: list[str],
) -> str | None:
    """The row's collectivité code; None (an unresolved row and its problem) when unknown."""
    identity = {f: raw[f][0] for f in IDENTITY if f in raw}
    found = collectivites.resolve(**identity)
    if found.code is None:
        unresolved.append(Unresolved(line, identity, found.reason))
        shown = identity.get("name") or identity.get("insee") or identity.get("siren")
        problems.append(f"{where}: unknown collectivité {shown!r}: {found.reason}")
        return None
    return found.code


def parse_rows(
    table: Table,
    mapping: Mapping,
    name: str,
    collectivites: CollectiviteIndex,
    countries: CountryIndex,
    year: int | None,
) -> tuple[list[dict[str, Any]], list[str], list[Unresolved], int, int]:
    """Records ready to insert, problems, unresolved rows, skipped rows and the register year."""
    located = locate_columns(table.header, mapping, name)
    problems: list[str] = []
    unresolved: list[Unresolved] = []
    records: list[dict[str, Any]] = []
    seen: dict[tuple[Any, ...], int] = {}
    skipped = 0
    keep = mapping.keep
    row_years: dict[int, int] = {}
    nones = _none_values(mapping)
    for line, cells in table.rows:
        where = f"{name}, line {line}"
        raw = {f: _value(cells, idx) for f, idx in located.items()}
        if keep and not raw[keep["field"]][0].startswith(tuple(keep["prefixes"])):
            skipped += 1
            continue
        record: dict[str, Any] = {"line": line}
        before = len(problems)
        fields = _RowFields(table, mapping, located, nones, countries, where, problems)
        fields.read_into(record, raw)
        if mapping.year_field and isinstance(record.get(mapping.year_field), int):
            row_years[line] = record[mapping.year_field]
        code = _collectivite(collectivites, raw, line, where, unresolved, problems)
        if code is None:
            continue
        record["collectivite"] = code
        if len(problems) > before or _duplicate(record, mapping, seen, where, problems):
            continue
        records.append(record)
    resolved_year = _register_year(mapping, name, year, row_years, problems)
    return records, problems, unresolved, skipped, resolved_year


def _none_values(mapping: Mapping) -> dict[str, set[str]]:
    """Per field, the normalised cell values that mean "none" (a country field's "-", …)."""
    return {
        f: {normalise(v) for v in spec.get("none_values", [])} for f, spec in mapping.fields.items()
    }


def _duplicate(
    record: dict[str, Any],
    mapping: Mapping,
    seen: dict[tuple[Any, ...], int],
    where: str,
    problems: list[str],
) -> bool:
    """True (and a problem) when an earlier row has the record's key; else the key is noted."""
    key = tuple(record.get(k) for k in mapping.key)
    if key in seen:
        problems.append(f"{where}: duplicate of line {seen[key]} (same {', '.join(mapping.key)})")
        return True
    seen[key] = record["line"]
    return False


def _register_year(
    mapping: Mapping, name: str, year: int | None, row_years: dict[int, int], problems: list[str]
) -> int:
    if mapping.year_field is None:
        in_name = {int(y) for y in _FILE_YEAR.findall(Path(name).name)}
        if year is not None:
            if in_name and year not in in_name:
                problems.append(
                    f"{name}: --year {year} disagrees with the year in the file name "
                    f"({', '.join(map(str, sorted(in_name)))})"
                )
            return year
        if len(in_name) == 1:
            return in_name.pop()
        problems.append(f"{name}: no year in the file name: pass --year YYYY")
        return 0
    if year is not None:
        for line, row_year in row_years.items():
            if row_year != year:
                problems.append(
                    f"{name}, line {line}: year {row_year} disagrees with --year {year}"
                )
        return year
    years = sorted(set(row_years.values()))
    if len(years) == 1:
        return years[0]
    if years:
        problems.append(
            f"{name}: rows of several years ({', '.join(map(str, years))}): "
            "pass --year YYYY or import one file per year"
        )
    return 0


def write_unresolved(path: str, unresolved: list[Unresolved]) -> None:
    """The unresolved rows as CSV: line, the identifiers given, why."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["line", *IDENTITY, "reason"])
        for row in unresolved:
            writer.writerow([row.line, *(row.values.get(f, "") for f in IDENTITY), row.reason])


def _already_imported(
    engine: Engine, mapping: Mapping, file: Path, sha256: str, year: int | None
) -> ImportResult | None:
    """The result of importing these very bytes when they are in force already for the year
    the import would give them: nothing to read, nothing to change."""
    if year is None and mapping.year_field is None:
        in_name = {int(y) for y in _FILE_YEAR.findall(file.name)}
        year = in_name.pop() if len(in_name) == 1 else None
        if year is None:
            return None
    query = select(RegisterImport).where(
        RegisterImport.register == mapping.register,
        RegisterImport.sha256 == sha256,
        RegisterImport.replaced_at.is_(None),
    )
    if year is not None:
        query = query.where(RegisterImport.year == year)
    with engine.connect() as conn:
        found = conn.execute(query).all()
    if len(found) != 1:
        return None
    row = found[0]
    return ImportResult(
        mapping.register,
        row.year,
        file.name,
        sha256,
        row.file_format,
        row.row_count,
        row.skipped_rows,
        unchanged=True,
    )


def import_register(
    engine: Engine,
    register: str,
    path: str,
    year: int | None = None,
    unresolved_report: str | None = None,
) -> ImportResult:
    """Import one register file (all rows or none); RegisterError lists every problem."""
    mapping = load_mapping(register)
    file = Path(path)
    if not file.is_file():
        raise RegisterError([f"no such file: {path}"])
    data = file.read_bytes()
    sha256 = hashlib.sha256(data).hexdigest()
    known = _already_imported(engine, mapping, file, sha256, year)
    if known is not None:
        return known
    table = read_table(data, path)
    records, skipped, register_year = _checked_rows(
        engine, table, mapping, path, year, unresolved_report
    )
    with write_session(engine) as session:
        same = _in_force(session, register, register_year, sha256)
        result = ImportResult(
            register,
            register_year,
            file.name,
            sha256,
            table.file_format,
            len(records),
            skipped,
            unchanged=same is not None,
        )
        if same is not None:
            return result
        now = utcnow()
        result.replaced = _retire_earlier(session, register, register_year, now)
        import_id = _record_import(session, result, now)
        _insert_rows(session, TABLES[register], records, import_id, register_year)
    return result


def _in_force(session: Session, register: str, year: int, sha256: str) -> int | None:
    """The id of this very file's import in force for the register and year, if any."""
    return session.scalar(
        select(RegisterImport.id).where(
            RegisterImport.register == register,
            RegisterImport.year == year,
            RegisterImport.sha256 == sha256,
            RegisterImport.replaced_at.is_(None),
        )
    )


def _checked_rows(
    engine: Engine,
    table: Table,
    mapping: Mapping,
    path: str,
    year: int | None,
    unresolved_report: str | None,
) -> tuple[list[dict[str, Any]], int, int]:
    """The file's records, skipped rows and year; RegisterError when any row has a problem
    (the unresolved rows written to ``unresolved_report`` first)."""
    with engine.connect() as conn:
        collectivites = CollectiviteIndex.load(conn)
        countries = CountryIndex.load(conn)
    records, problems, unresolved, skipped, register_year = parse_rows(
        table, mapping, path, collectivites, countries, year
    )
    if unresolved_report is not None:
        write_unresolved(unresolved_report, unresolved)
    if problems:
        raise RegisterError(problems)
    return records, skipped, register_year


def _retire_earlier(session: Session, register: str, year: int, now: dt.datetime) -> int:
    """Rows of the files in force for the register and year deleted, the files marked replaced;
    how many rows."""
    earlier = list(
        session.scalars(
            select(RegisterImport.id).where(
                RegisterImport.register == register,
                RegisterImport.year == year,
                RegisterImport.replaced_at.is_(None),
            )
        )
    )
    if not earlier:
        return 0
    model = TABLES[register]
    replaced = affected_rows(session.execute(delete(model).where(model.import_id.in_(earlier))))
    session.execute(
        update(RegisterImport).where(RegisterImport.id.in_(earlier)).values(replaced_at=now)
    )
    return replaced


def _record_import(session: Session, result: ImportResult, now: dt.datetime) -> int:
    """The file's ``register_imports`` row; its id."""
    # A file imported before, replaced since, and imported again: its old row is reused.
    session.execute(
        delete(RegisterImport).where(
            RegisterImport.register == result.register,
            RegisterImport.year == result.year,
            RegisterImport.sha256 == result.sha256,
        )
    )
    return session.execute(
        insert(RegisterImport)
        .values(
            register=result.register,
            year=result.year,
            file_name=result.file_name,
            sha256=result.sha256,
            file_format=result.file_format,
            imported_at=now,
            row_count=result.rows,
            skipped_rows=result.skipped,
        )
        .returning(RegisterImport.id)
    ).scalar_one()


def _insert_rows(
    session: Session, model: Any, records: list[dict[str, Any]], import_id: int, year: int
) -> None:
    columns = {c.name for c in model.__table__.columns}
    rows = []
    for record in records:
        row = {k: v for k, v in record.items() if k in columns}
        row.update(import_id=import_id, year=year, collectivite_code=record["collectivite"])
        rows.append(row)
    if rows:
        session.execute(insert(model), rows)

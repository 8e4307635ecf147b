"""Reading a register file into numbered rows: CSV in any of the encodings official exports use
(UTF-8, cp1252) with its delimiter detected, or XLSX; and French numbers ("1 234,56 €").

Pure functions over bytes: :func:`read_table` returns the header and ``(line, values)`` rows
with the line number a spreadsheet or text editor shows; problems raise :class:`RegisterError`
with one line-numbered message each.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache

XLSX_MAGIC = b"PK\x03\x04"
DELIMITERS = ";,\t|"
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")


class RegisterError(ValueError):
    """Bad input: every problem found, one readable line each, nothing written."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(problems[0] if problems else "invalid register file")


@dataclass
class Table:
    """A register file read as text: header, rows with their line numbers, how it was read."""

    header: list[str]
    rows: list[tuple[int, list[str]]]
    file_format: str
    problems: list[str] = field(default_factory=list)


def read_table(data: bytes, name: str) -> Table:
    """Header and numbered rows of a CSV (any delimiter, UTF-8 or cp1252) or XLSX file."""
    if not data.strip():
        raise RegisterError([f"{name}: empty file"])
    if data.startswith(XLSX_MAGIC):
        return _read_xlsx(data, name)
    text, encoding = decode(data, name)
    return _read_csv(text, encoding, name)


def decode(data: bytes, name: str) -> tuple[str, str]:
    """The text of a CSV file and its encoding: UTF-8 (with or without BOM), else what
    charset-normalizer finds (cp1252 for the ministry's Excel exports). A file mixing UTF-8
    lines and cp1252 lines fails with the line numbers of the fewer kind."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    _refuse_mixed(data, name)
    from charset_normalizer import from_bytes

    # Official exports that are not UTF-8 are Windows cp1252 (or UTF-16 from some Excel
    # versions): offering charset-normalizer other single-byte tables lets it pick Mac Roman
    # for a cp1252 file whose only non-ASCII bytes are a few "€" and "é".
    best = from_bytes(data, cp_isolation=["cp1252", "utf_16"]).best()
    encoding = best.encoding if best is not None else "cp1252"
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise RegisterError(
            [
                f"{name}, line {line}: byte {data[exc.start]:#04x} is neither UTF-8 nor "
                f"{encoding} text: is it a CSV file?"
            ]
        ) from None


def _refuse_mixed(data: bytes, name: str) -> None:
    """RegisterError naming the lines of the fewer kind when UTF-8 lines meet others."""
    utf8_lines, other_lines = [], []
    for number, raw in enumerate(data.split(b"\n"), start=1):
        if raw.isascii():
            continue
        try:
            raw.decode("utf-8")
            utf8_lines.append(number)
        except UnicodeDecodeError:
            other_lines.append(number)
    if utf8_lines:
        if len(utf8_lines) >= len(other_lines):
            lines, said = other_lines, "text that is not UTF-8 in a UTF-8 file"
        else:
            lines, said = utf8_lines, "UTF-8 text in a cp1252 file"
        raise RegisterError(
            [f"{name}, line {n}: {said}: save the whole file in one encoding" for n in lines]
        )


def _read_csv(text: str, encoding: str, name: str) -> Table:
    sample = text[:65536]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        first = sample.splitlines()[0] if sample else ""
        delimiter = max(DELIMITERS, key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for record in reader:
            line, start = start, reader.line_num + 1
            if not any(cell.strip() for cell in record):
                continue
            if header is None:
                header = [cell.strip() for cell in record]
                continue
            rows.append((line, record))
    except csv.Error as exc:
        raise RegisterError([f"{name}, line {reader.line_num}: unreadable CSV ({exc})"]) from None
    if header is None:
        raise RegisterError([f"{name}: no header row"])
    shown = {";": "semicolon", ",": "comma", "\t": "tab", "|": "pipe"}[delimiter]
    return Table(header, rows, f"csv {encoding} {shown}")


def _read_xlsx(data: bytes, name: str) -> Table:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - zip or XML damage: one line
        raise RegisterError([f"{name}: unreadable XLSX file ({exc})"]) from None
    try:
        sheet = book.worksheets[0]
        header: list[str] | None = None
        rows: list[tuple[int, list[str]]] = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [cell_text(v) for v in values]
            if not any(c.strip() for c in cells):
                continue
            if header is None:
                header = [c.strip() for c in cells]
                continue
            rows.append((number, cells))
    finally:
        book.close()
    if header is None:
        raise RegisterError([f"{name}: no header row in the first sheet"])
    return Table(header, rows, "xlsx")


def cell_text(value: object) -> str:
    """A spreadsheet cell as the text a CSV export would hold (1234.5 → "1234.5", 93.0 → "93")."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()[:10]
    return str(value)


def parse_amount(raw: str) -> Decimal | None:
    """French and plain number formats → Decimal; "" → None; ValueError when not a number.

    ``1 234,56 €``, ``1\u00a0234,56``, ``1.234,56``, ``1234.56``, ``-12,5``, ``1 234 EUR``.
    """
    text = _SPACES.sub("", raw or "")
    text = re.sub(r"(?i)(€|eur(os?)?)$", "", text).strip()
    if not text:
        return None
    if "," in text and "." in text:
        decimal_sep = "," if text.rfind(",") > text.rfind(".") else "."
        text = text.replace("." if decimal_sep == "," else ",", "").replace(decimal_sep, ".")
    elif "," in text:
        if text.count(",") > 1:
            text = text.replace(",", "")
        else:
            text = text.replace(",", ".")
    elif text.count(".") > 1 or re.fullmatch(r"-?\d{1,3}(\.\d{3})+", text):
        text = text.replace(".", "")
    if not re.fullmatch(r"[-+]?\d+(\.\d+)?", text):
        raise ValueError(raw)
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ValueError(raw) from None


@lru_cache(maxsize=262_144)  # the same names and headers come back in every file
def normalise(text: str) -> str:
    """Comparison form of a name or header: no accents, lower case, punctuation as spaces."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.lower().replace("œ", "oe").replace("æ", "ae")
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return text.strip()

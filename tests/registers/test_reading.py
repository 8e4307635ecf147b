"""Reading register files: encodings, delimiters, XLSX, French numbers (pure functions)."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import Workbook

from storage.registers.reading import RegisterError, decode, parse_amount, read_table


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1 234,56 €", Decimal("1234.56")),
        ("1\u00a0234,56\u00a0€", Decimal("1234.56")),
        ("1\u202f234\u202f567,5", Decimal("1234567.5")),
        ("1.234,56", Decimal("1234.56")),
        ("1,234.56", Decimal("1234.56")),
        ("1234.56", Decimal("1234.56")),
        ("12 000 EUR", Decimal("12000")),
        ("1.000.000", Decimal("1000000")),
        ("-12,5", Decimal("-12.5")),
        ("0", Decimal("0")),
        ("", None),
        ("  € ", None),
    ],
)
def test_french_amounts(raw: str, expected: Decimal | None) -> None:
    assert parse_amount(raw) == expected


@pytest.mark.parametrize("raw", ["douze", "12,5,3.1.2x", "1 2a"])
def test_not_an_amount(raw: str) -> None:
    with pytest.raises(ValueError):
        parse_amount(raw)


def test_cp1252_semicolon_csv() -> None:
    data = "Année;Collectivité;Montant (€)\r\n2023;Chambéry;1\u00a0200,00 €\r\n".encode("cp1252")
    table = read_table(data, "apd.csv")
    assert table.file_format == "csv cp1252 semicolon"
    assert table.header == ["Année", "Collectivité", "Montant (€)"]
    assert table.rows == [(2, ["2023", "Chambéry", "1\u00a0200,00 €"])]


def test_utf8_bom_comma_csv_keeps_physical_line_numbers() -> None:
    text = '\ufeffa,b\n1,"two\nlines"\n\n3,4\n'
    table = read_table(text.encode("utf-8"), "x.csv")
    assert table.file_format == "csv utf-8 comma"
    assert [line for line, _ in table.rows] == [2, 5]


def test_mixed_encodings_name_their_lines() -> None:
    utf8 = "Besançon;Bénin\n".encode()
    data = b"nom;pays\n" + utf8 + "Chambéry;Mali\n".encode("cp1252") + utf8 + b"Lyon;Chine\n"
    with pytest.raises(RegisterError) as err:
        decode(data, "mixed.csv")
    assert err.value.problems == [
        "mixed.csv, line 3: text that is not UTF-8 in a UTF-8 file: save the whole file in one "
        "encoding"
    ]


def test_binary_file_is_refused() -> None:
    with pytest.raises(RegisterError, match="encoding|line"):
        read_table(bytes(range(256)) * 20, "blob.csv")


def test_empty_file_is_refused() -> None:
    with pytest.raises(RegisterError, match="empty file"):
        read_table(b"  \n", "empty.csv")


def test_xlsx_rows_and_numbers() -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["Code INSEE", "Montant"])
    sheet.append([1001, 1234.5])
    sheet.append([None, None])
    sheet.append(["2A004", 93.0])
    buf = io.BytesIO()
    book.save(buf)
    table = read_table(buf.getvalue(), "b.xlsx")
    assert table.file_format == "xlsx"
    assert table.rows == [(2, ["1001", "1234.5"]), (4, ["2A004", "93"])]

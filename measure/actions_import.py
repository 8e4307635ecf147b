"""`aict actions import FILE.csv`: known partnerships and actions, validated line by line.

Columns (design.md): ``actor_code`` (typed), ``partner``, ``country_iso2``, ``object``,
``since`` (YYYY-MM-DD), ``note``. Any bad line fails the whole import with its line number;
re-importing the same file changes nothing (natural key).
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select

from models import Collectivite, Country
from models.taxonomy import OBJECT_IDS
from storage.engine import write_session
from storage.upserts import upsert_actions

COLUMNS = ("actor_code", "partner", "country_iso2", "object", "since", "note")


def parse_rows(path: str, known_codes: set[str], known_countries: set[str]) -> list[dict[str, Any]]:
    """Validated action rows; ValueError naming the line of the first problem."""
    file = Path(path)
    if not file.is_file():
        raise ValueError(f"no such file: {path}")
    with file.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(
                f"{path}: missing columns {', '.join(missing)} (expected {', '.join(COLUMNS)})"
            )
        rows = [
            _row(f"{path}, line {number}", rec, known_codes, known_countries)
            for number, rec in enumerate(reader, start=2)
        ]
    return rows


def _row(
    where: str, rec: dict[str, str], known_codes: set[str], known_countries: set[str]
) -> dict[str, Any]:
    """One checked line as an ``actions`` row; ValueError naming the line."""
    code = (rec["actor_code"] or "").strip()
    if code not in known_codes:
        raise ValueError(f"{where}: unknown collectivité code {code!r}")
    obj = (rec["object"] or "").strip()
    if obj not in OBJECT_IDS:
        raise ValueError(f"{where}: unknown object {obj!r} (one of {', '.join(OBJECT_IDS)})")
    iso = (rec["country_iso2"] or "").strip().upper() or None
    if iso is not None and iso not in known_countries:
        raise ValueError(f"{where}: unknown or French country code {iso!r}")
    try:
        since = dt.date.fromisoformat((rec["since"] or "").strip())
    except ValueError:
        raise ValueError(f"{where}: invalid date {rec['since']!r} (YYYY-MM-DD)") from None
    partner = (rec["partner"] or "").strip() or None
    return {
        "natural_key": f"import:{code}:{partner or ''}:{iso or ''}:{obj}:{since}",
        "origin": "imported",
        "article_id": None,
        "actor_codes": code,
        "actor_name": None,
        "object": obj,
        "partner": partner,
        "country_iso2": iso,
        "action_date": since,
        "note": (rec["note"] or "").strip() or None,
    }


def import_actions(engine: Engine, path: str) -> int:
    with write_session(engine) as session:
        codes = dict(session.execute(select(Collectivite.code, Collectivite.name)).all())
        countries = set(
            session.scalars(select(Country.iso2).where(Country.is_french_territory.is_(False)))
        )
        rows = parse_rows(path, set(codes), countries)
        for row in rows:
            row["actor_name"] = codes[row["actor_codes"]]
        return upsert_actions(session, rows) if rows else 0

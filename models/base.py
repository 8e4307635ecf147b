"""Declarative base, naming convention and the column types shared by every table.

Timestamps are always UTC. PostgreSQL stores them as ``timestamptz``; SQLite as
``YYYY-MM-DD HH:MM:SS`` text (design.md), so that views compare and print them the same way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import StrEnum
from typing import Any

from sqlalchemy import CheckConstraint, DateTime, MetaData, TypeDecorator
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import DeclarativeBase

# The eight AICT objects live in models.taxonomy; still importable from here.
from models.taxonomy import OBJECT_IDS as OBJECT_IDS

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

_SQLITE_DATETIME = sqlite.DATETIME(
    storage_format="%(year)04d-%(month)02d-%(day)02d %(hour)02d:%(minute)02d:%(second)02d",
    regexp=r"(\d+)-(\d+)-(\d+) (\d+):(\d+):(\d+)",
)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """An aware UTC datetime in Python; ``timestamptz`` on PostgreSQL, second-precision text on SQLite.

    Naive values are refused on the way in: a naive time is ambiguous (P-D3), and the code that
    parsed it is the place that knows whether it meant Europe/Paris or UTC.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def load_dialect_impl(self, dialect: Any) -> Any:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(_SQLITE_DATETIME)
        return dialect.type_descriptor(DateTime(timezone=True))

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime refused (store aware UTC times): {value!r}")
        value = value.astimezone(dt.UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None, microsecond=0)
        return value

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


class Base(DeclarativeBase):
    """Base of every table; its MetaData carries the naming convention Alembic relies on."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dt.datetime: UTCDateTime()}


def utcnow() -> dt.datetime:
    """Current time, aware UTC, at second precision (what both databases keep)."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def one_of(column: str, vocabulary: type[StrEnum], *also: str) -> CheckConstraint:
    """``CHECK (column IN (...))`` over a vocabulary's values (and ``also``), named after the
    column: ``ck_<table>_<column>`` by the naming convention. The enum is the one source of
    the list; the migration that added a constraint wrote its list out (migrations are frozen)."""
    listed: Iterable[str] = (*(member.value for member in vocabulary), *also)
    quoted = ", ".join("'" + value.replace("'", "''") + "'" for value in listed)
    return CheckConstraint(f"{column} IN ({quoted})", name=column)

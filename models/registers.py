"""Public registers (issue 15): the Atlas of decentralised cooperation, the yearly declarations
of official development aid (APD) and the international-action lines of local budgets.

Every row belongs to one :class:`RegisterImport` (file name, sha256, time, row count), so its
provenance is one join away. ``(register, year, sha256)`` is unique: importing the same file
again changes nothing; a different file for the same register and year replaces the rows of the
earlier one (which stays listed, with ``replaced_at`` set).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import ForeignKey, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base

REGISTERS = ("atlas", "apd", "budgets")


class RegisterImport(Base):
    """One imported register file: what, which year, from which bytes, when, how many rows."""

    __tablename__ = "register_imports"
    __table_args__ = (UniqueConstraint("register", "year", "sha256"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    register: Mapped[str] = mapped_column(String(16))
    year: Mapped[int] = mapped_column(Integer)
    file_name: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(64))
    file_format: Mapped[str] = mapped_column(String(40))
    imported_at: Mapped[dt.datetime] = mapped_column()
    row_count: Mapped[int] = mapped_column(Integer)
    skipped_rows: Mapped[int] = mapped_column(Integer, default=0)
    replaced_at: Mapped[dt.datetime | None] = mapped_column()


class AtlasProject(Base):
    """A project of a French collectivité with a foreign partner, as listed in the Atlas."""

    __tablename__ = "atlas_projects"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    import_id: Mapped[int] = mapped_column(
        ForeignKey("register_imports.id", ondelete="CASCADE"), index=True
    )
    year: Mapped[int] = mapped_column(Integer, index=True)
    line: Mapped[int] = mapped_column(Integer)
    collectivite_code: Mapped[str] = mapped_column(ForeignKey("collectivites.code"), index=True)
    partner: Mapped[str | None] = mapped_column(String(300))
    country_iso2: Mapped[str] = mapped_column(String(2))
    title: Mapped[str | None] = mapped_column(Text)
    themes: Mapped[str | None] = mapped_column(Text)
    start_year: Mapped[int | None] = mapped_column(Integer)
    end_year: Mapped[int | None] = mapped_column(Integer)


class ApdDeclaration(Base):
    """Euros of official development aid declared by a collectivité for a country and year."""

    __tablename__ = "apd_declarations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    import_id: Mapped[int] = mapped_column(
        ForeignKey("register_imports.id", ondelete="CASCADE"), index=True
    )
    year: Mapped[int] = mapped_column(Integer, index=True)
    line: Mapped[int] = mapped_column(Integer)
    collectivite_code: Mapped[str] = mapped_column(ForeignKey("collectivites.code"), index=True)
    country_iso2: Mapped[str | None] = mapped_column(String(2))
    aid_type: Mapped[str | None] = mapped_column(String(200))
    amount_eur: Mapped[Decimal] = mapped_column(Numeric(16, 2))


class BudgetLine(Base):
    """A budget line of a collectivité in the functional presentation (international action)."""

    __tablename__ = "budget_lines"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    import_id: Mapped[int] = mapped_column(
        ForeignKey("register_imports.id", ondelete="CASCADE"), index=True
    )
    year: Mapped[int] = mapped_column(Integer, index=True)
    line: Mapped[int] = mapped_column(Integer)
    collectivite_code: Mapped[str] = mapped_column(ForeignKey("collectivites.code"), index=True)
    stage: Mapped[str | None] = mapped_column(String(40))
    function_code: Mapped[str] = mapped_column(String(20))
    function_label: Mapped[str | None] = mapped_column(String(300))
    nature_code: Mapped[str | None] = mapped_column(String(20))
    section: Mapped[str | None] = mapped_column(String(20))
    direction: Mapped[str | None] = mapped_column(String(20))
    amount_eur: Mapped[Decimal] = mapped_column(Numeric(16, 2))


class CollectiviteYearCount(Base):
    """Per year and collectivité: its council's AICT items, how many were relayed, and the press
    AICT articles naming it as an actor; rebuilt whole by ``aict measure``.

    The table behind ``v_registers``: ``actor_codes`` is a comma list, and matching thousands of
    collectivités against it with ``LIKE`` at query time is a join of millions of pattern tests;
    ``aict measure`` splits the lists once (``storage.registers.counts``). No foreign key: the
    table is derived and rebuilt whole, like ``weekly_counts``.
    """

    __tablename__ = "collectivite_year_counts"
    UPSERT_KEY = ("year", "collectivite_code")

    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    collectivite_code: Mapped[str] = mapped_column(String(40), primary_key=True)
    council_items: Mapped[int] = mapped_column(Integer)
    relayed_items: Mapped[int] = mapped_column(Integer)
    press_articles: Mapped[int] = mapped_column(Integer)

"""Reference tables: French collectivités (typed codes) and countries (ISO, French names, LDC)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base

COLLECTIVITE_KINDS = (
    "commune",
    "epci",
    "departement",
    "region",
    "collectivite_unique",
    "collectivite_europeenne",
    "metropole",
    "ville_departement",
    "com",
)


class Collectivite(Base):
    """A French local authority with its typed code (``commune:73065``, ``dep:73``, ``reg:84``…)."""

    __tablename__ = "collectivites"
    UPSERT_KEY = ("code",)

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    name: Mapped[str] = mapped_column(String(300), index=True)
    departement_code: Mapped[str | None] = mapped_column(String(8))
    region_code: Mapped[str | None] = mapped_column(String(8))
    departement_codes: Mapped[str] = mapped_column(String(100), default="")
    population: Mapped[int | None] = mapped_column(Integer)
    website: Mapped[str | None] = mapped_column(String(2048))


class Country(Base):
    """A country (ISO 3166-1) with French names, press aliases and demonyms, LDC flag, UN region."""

    __tablename__ = "countries"
    UPSERT_KEY = ("iso2",)

    iso2: Mapped[str] = mapped_column(String(2), primary_key=True)
    iso3: Mapped[str] = mapped_column(String(3))
    name_fr: Mapped[str] = mapped_column(String(200))
    aliases: Mapped[list[Any]] = mapped_column(JSON, default=list)
    is_ldc: Mapped[bool] = mapped_column(Boolean, default=False)
    un_region: Mapped[str | None] = mapped_column(String(60))
    un_subregion: Mapped[str | None] = mapped_column(String(100))
    is_french_territory: Mapped[bool] = mapped_column(Boolean, default=False)

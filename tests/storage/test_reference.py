"""Reference data: the counts the spine issue pins, the traps of design.md, idempotent reload."""

from __future__ import annotations

from sqlalchemy import func, select

from models import Collectivite, Country
from storage.engine import write_session
from storage.reference import clean_website, load_reference


def _count(session, *where) -> int:  # type: ignore[no-untyped-def]
    return session.scalar(select(func.count()).select_from(Collectivite).where(*where))


def test_reference_counts(engine) -> None:
    with write_session(engine) as s:
        assert _count(s, Collectivite.kind == "commune") == 34_875
        assert _count(s, Collectivite.kind == "departement") == 101
        assert _count(s, Collectivite.kind == "region") == 18
        assert s.scalar(select(func.count()).select_from(Country)) >= 240
        assert s.scalar(select(func.count()).select_from(Country).where(Country.is_ldc)) == 44


def test_reference_traps(engine) -> None:
    with write_session(engine) as s:
        namibia = s.get(Country, "NA")
        assert namibia is not None and namibia.name_fr == "Namibie"
        assert s.get(Country, "ST").is_ldc is False  # São Tomé graduated in Dec 2024
        assert s.get(Country, "GP").is_french_territory
        assert "burkinabè" in s.get(Country, "BF").aliases
        assert s.get(Collectivite, "dep:6AE").kind == "collectivite_europeenne"
        assert s.get(Collectivite, "dep:69M").kind == "metropole"
        chambery = s.get(Collectivite, "commune:73065")
        assert chambery.name == "Chambéry" and chambery.region_code == "84"
        # 18 communes have a population of \N in the source: stored as NULL, not 0.
        assert _count(s, Collectivite.kind == "commune", Collectivite.population.is_(None)) == 18


def test_reload_is_idempotent(engine) -> None:
    with write_session(engine) as s:
        before = s.scalar(select(func.count()).select_from(Collectivite))
        load_reference(s)
    with write_session(engine) as s:
        assert s.scalar(select(func.count()).select_from(Collectivite)) == before


def test_clean_website() -> None:
    assert clean_website("www.ville-test.fr") == "https://www.ville-test.fr"
    assert clean_website("mairie@ville.fr") is None
    assert clean_website('["https://a.fr", "https://b.fr"]') == "https://a.fr"
    assert clean_website("") is None

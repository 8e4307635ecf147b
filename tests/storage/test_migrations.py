"""Alembic: one head, upgrade from empty, round trip with data, no drift, views and columns."""

from __future__ import annotations

from sqlalchemy import func, inspect, select, text

from models import Article
from storage import migrate
from storage.engine import make_engine, write_session
from storage.upserts import upsert_articles
from storage.views import VIEW_NAMES
from tests.support.data import add_source, make_article

#: The officer views and their columns, as design.md names them.
DOCUMENTED_COLUMNS = {
    "v_articles": "article_id, source_slug, source_kind, url, title, text, published_at, "
    "first_seen_at, language, paywalled, is_aict, objects, published_date, corrected",
    "v_aict_mentions": "article_id, source_slug, source_kind, published_at, object, score, "
    "actor_codes, partner_countries, corrected",
    "v_weekly_coverage": "week, source_slug, object, articles, aict_articles, share, audience, "
    "complete",
    "v_object_mix": "month, channel, object, items, share",
    "v_relay": "council_article_id, actor_codes, object, published_at, relayed, first_press_at, "
    "lag_days, press_outlets, similarity, reuse_ratio, corrected",
    "v_partner_geography": "month, country_iso2, country_name, is_ldc, un_region, "
    "council_actions, press_articles",
    "v_silent_actions": "action_id, actor_codes, actor_name, object, partner, country_iso2, "
    "action_date, origin, days_without_coverage, corrected, is_ldc",
    "v_source_health": "source_slug, feed_url, status, last_success_at, last_error, failures",
    "v_registers": "year, collectivite_code, collectivite_name, collectivite_kind, "
    "departement_code, region_code, region_name, atlas_projects, apd_eur, budget_eur, "
    "council_items, relayed_items, press_articles, relayed_share",
    "v_ldc_trend": "year, is_ldc, atlas_projects, apd_eur, council_items, press_articles, "
    "atlas_projects_share, apd_eur_share, council_items_share, press_articles_share",
    "v_framing": "year, month, channel, object, frame, items, share",
}


def test_single_head() -> None:
    assert len(migrate.heads()) == 1


def test_upgrade_from_empty_creates_tables_and_views(empty_db_url: str) -> None:
    engine = make_engine(empty_db_url)
    migrate.upgrade(engine)
    insp = inspect(engine)
    assert {"articles", "sources", "feeds", "tags", "collectivites", "countries"} <= set(
        insp.get_table_names()
    )
    assert set(insp.get_view_names()) >= set(VIEW_NAMES)
    engine.dispose()


def test_no_drift_between_models_and_migrations(empty_db_url: str) -> None:
    engine = make_engine(empty_db_url)
    migrate.upgrade(engine)
    migrate.check(engine)  # raises alembic.util.CommandError on drift
    engine.dispose()


def test_downgrade_upgrade_round_trip_with_data(engine) -> None:
    with write_session(engine) as s:
        sid = add_source(s)
        upsert_articles(s, [make_article(sid, n) for n in range(20)])
    before = set(inspect(engine).get_table_names())
    migrate.downgrade(engine, "base")
    engine.dispose()
    assert not set(inspect(engine).get_table_names()) - {"alembic_version"}
    migrate.upgrade(engine)
    assert set(inspect(engine).get_table_names()) == before
    with write_session(engine) as s:
        sid = add_source(s)
        upsert_articles(s, [make_article(sid, n) for n in range(20)])
        assert s.scalar(select(func.count()).select_from(Article)) == 20


def test_every_view_has_its_documented_columns(engine) -> None:
    with engine.connect() as conn:
        for view, columns in DOCUMENTED_COLUMNS.items():
            result = conn.execute(text(f"SELECT * FROM {view} WHERE 1 = 0"))
            assert list(result.keys()) == [c.strip() for c in columns.split(",")], view
    assert set(DOCUMENTED_COLUMNS) == set(VIEW_NAMES)


def test_upgrade_to_weekly_counts_fills_them_from_existing_data(engine) -> None:  # type: ignore[no-untyped-def]
    """A database measured before views 0003 reads the same weekly figures right after upgrade."""
    from measure.run import run_measure
    from tests.measure.scenario import AS_OF, build

    build(engine)
    run_measure(engine, AS_OF)
    query = text(
        "SELECT week, source_slug, object, articles, aict_articles, complete "
        "FROM v_weekly_coverage ORDER BY week, source_slug, object"
    )
    with engine.connect() as conn:
        measured = conn.execute(query).all()
    migrate.downgrade(engine, "a107dc427198")  # before weekly_counts: the live view
    with engine.connect() as conn:
        live = conn.execute(query).all()
    migrate.upgrade(engine)
    with engine.connect() as conn:
        upgraded = conn.execute(query).all()
    assert measured and upgraded == measured == live

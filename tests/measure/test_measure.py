"""Measures on the hand-computed scenario, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import statistics

from sqlalchemy import text

from measure.relay import Item, link
from measure.report import build_report
from measure.run import run_measure
from storage.engine import write_session
from storage.timeutil import iso_week
from storage.upserts import article_row, source_ids, upsert_articles
from tests.measure.scenario import AS_OF, T0, add_health, build


def _all(engine, sql: str) -> list[tuple]:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql))]


def test_relay_rate_and_median_lag(engine) -> None:  # type: ignore[no-untyped-def]
    ids = build(engine)
    report = run_measure(engine, AS_OF)
    assert (report.council_items, report.relayed) == (4, 2)
    rows = _all(engine, "SELECT council_article_id, relayed, lag_days, press_outlets FROM v_relay")
    by_id = {r[0]: r for r in rows}
    assert len(rows) == 4
    assert by_id[ids["council1"]][1:] == (True, 3, "le-dauphine,le-progres") or by_id[
        ids["council1"]
    ][1:] == (1, 3, "le-dauphine,le-progres")
    assert by_id[ids["council3"]][2] == 10
    relayed = [r for r in rows if r[1]]
    assert len(relayed) / len(rows) == 0.5
    assert statistics.median(r[2] for r in relayed) == 6.5
    # The syndicated copy is a relay row and an outlet, but the item counts once.
    relays = _all(engine, "SELECT press_article_id FROM relays")
    assert {r[0] for r in relays} == {ids["relay1"], ids["relay1copy"], ids["relay3"]}
    funnel = build_report(engine, dt.date(2026, 9, 1)).section("relay_funnel").rows[0]
    assert funnel[:5] == ["(all)", 4, 2, 0.5, 6.5]


def test_silent_actions_and_days_without_coverage(engine) -> None:  # type: ignore[no-untyped-def]
    ids = build(engine)
    run_measure(engine, AS_OF)
    rows = _all(
        engine,
        "SELECT actor_codes, object, country_iso2, origin, days_without_coverage, action_date "
        "FROM v_silent_actions ORDER BY days_without_coverage DESC",
    )
    assert [r[:5] for r in rows] == [
        ("commune:73065", "cooperation", "BF", "council_item", 21),
        ("commune:73065", "cooperation", "BF", "council_item", 7),
    ]
    assert ids  # built


def test_measure_twice_changes_nothing(engine) -> None:  # type: ignore[no-untyped-def]
    build(engine)
    run_measure(engine, AS_OF)
    snapshot = [
        _all(engine, f"SELECT * FROM {v} ORDER BY 1, 2, 3")
        for v in ("v_relay", "v_silent_actions", "relays", "relay_summaries")
    ]
    run_measure(engine, AS_OF)
    again = [
        _all(engine, f"SELECT * FROM {v} ORDER BY 1, 2, 3")
        for v in ("v_relay", "v_silent_actions", "relays", "relay_summaries")
    ]
    assert snapshot[:2] == again[:2]
    assert [sorted(r[1:] for r in t) for t in snapshot[2:]] == [
        sorted(r[1:] for r in t) for t in again[2:]
    ]


def test_completeness_flag(engine) -> None:  # type: ignore[no-untyped-def]
    build(engine)
    monday = dt.date(2026, 10, 5)
    add_health(engine, [monday + dt.timedelta(days=d) for d in range(7)])  # W41: every day
    add_health(engine, [monday + dt.timedelta(days=7 + d) for d in range(6)])  # W42: one missing
    run_measure(engine, AS_OF)  # v_weekly_coverage reads the counts the measure rebuilds
    rows = dict(
        _all(
            engine,
            "SELECT week, complete FROM v_weekly_coverage "
            "WHERE source_slug = 'le-dauphine' AND object IS NULL",
        )
    )
    assert bool(rows["2026-W41"]) is True
    assert bool(rows["2026-W42"]) is False  # a collection gap, not silence
    share = _all(
        engine,
        "SELECT articles, aict_articles, share, audience FROM v_weekly_coverage "
        "WHERE source_slug = 'le-dauphine' AND week = '2026-W41' AND object IS NULL",
    )[0]
    assert share == (3, 2, 2 / 3, 200000)


def test_link_window_and_threshold_are_pure() -> None:
    council = [
        Item(
            "c",
            "ville",
            T0,
            "convention eau potable Ouahigouya forages",
            frozenset({"commune:73065"}),
            frozenset({"BF"}),
        )
    ]
    early = Item(
        "p1",
        "journal",
        T0 - dt.timedelta(days=3),
        "convention eau potable Ouahigouya",
        frozenset({"commune:73065"}),
        frozenset({"BF"}),
    )
    late = Item(
        "p2",
        "journal",
        T0 + dt.timedelta(days=22),
        "convention eau potable Ouahigouya",
        frozenset({"commune:73065"}),
        frozenset({"BF"}),
    )
    before = Item(
        "p3",
        "journal",
        T0 - dt.timedelta(days=1),
        "convention eau potable Ouahigouya",
        frozenset({"commune:73065"}),
        frozenset({"BF"}),
    )
    links, outcomes = link(council, [early, late, before])
    assert [lk.press_id for lk in links] == ["p3"]
    assert outcomes["c"].lag_days == -1  # the press came first


def test_weekly_coverage_follows_the_latest_measure(engine) -> None:  # type: ignore[no-untyped-def]
    """The counts are as of the latest measure: a later crawl shows after the next measure."""
    build(engine)
    run_measure(engine, AS_OF)
    when = T0 + dt.timedelta(days=5)
    sql = (
        "SELECT articles, aict_articles FROM v_weekly_coverage WHERE source_slug = 'le-dauphine'"
        f" AND week = '{iso_week(when)}' AND object IS NULL"
    )
    before = _all(engine, sql)
    with write_session(engine) as s:
        url = "https://le-dauphine.example/late"
        row = article_row(
            source_id=source_ids(s)["le-dauphine"],
            url=url,
            normalized_url=url,
            title="Marché de Noël",
            text="Le marché de Noël ouvre samedi place Saint-Léger.",
            published_at=when,
        )
        upsert_articles(s, [row])
    assert _all(engine, sql) == before
    run_measure(engine, AS_OF)
    ((articles, aict),) = _all(engine, sql)
    assert (articles, aict) == (before[0][0] + 1, before[0][1])


def test_weekly_counts_list_every_object() -> None:
    """The per-object rebuild writes its object list out in SQL; it must be the taxonomy's."""
    import re

    from models.base import OBJECT_IDS
    from storage.weekly import _PER_OBJECT

    objects_cte = _PER_OBJECT.text.split("object_counts AS")[0]
    assert re.findall(r"'([a-z]+)'", objects_cte) == list(OBJECT_IDS)


def test_report_tables_are_wide_when_piped(engine, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Outside a terminal (CI logs, `| tee`) the tables use 160 columns, not rich's 80."""
    from measure.render import WIDE_OUTPUT, print_tables

    monkeypatch.delenv("COLUMNS", raising=False)
    build(engine)
    run_measure(engine, AS_OF)
    print_tables(build_report(engine, AS_OF - dt.timedelta(weeks=12)))
    widths = [len(line) for line in capsys.readouterr().out.splitlines()]
    assert 80 < max(widths) <= WIDE_OUTPUT


def test_measure_leaves_planner_statistics_on_sqlite(sqlite_template, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """SQLite never gathers statistics by itself; PostgreSQL's autovacuum does."""
    from storage.engine import make_engine
    from tests.conftest import copy_sqlite

    engine = make_engine(copy_sqlite(sqlite_template, tmp_path / "aict.db"))
    build(engine)
    run_measure(engine, AS_OF)
    tables = {row[0] for row in _all(engine, "SELECT DISTINCT tbl FROM sqlite_stat1")}
    engine.dispose()
    assert {"articles", "tags", "tag_objects"} <= tables

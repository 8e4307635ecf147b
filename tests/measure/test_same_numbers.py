"""Issue 13, item 2: the report, the digest and the views give the same number for the same
question over the same period, and every headline figure says which period or cut-off date.

The database is the digest's demo-like week (tests/digest/factory.py) plus one silent action
after the week: like the demo, the digest (which stops at the end of its week) and a report
running to the measure date count different silent actions, and must say so.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, text

from digest.content import build_content
from digest.period import week_days
from digest.queries import load_week
from digest.render import render
from digest.subscriptions import Subscription
from measure.render import print_tables
from measure.report import build_report
from storage.engine import write_session
from tests.digest.factory import MONDAY, WEEK, add_action, build_week

AS_OF = dt.date(2026, 11, 9)


def _build(engine: Engine) -> None:
    build_week(engine)
    with write_session(engine) as s:
        # After the digest's week, before the measure date: in the report, not in the digest.
        add_action(
            s, "import:dep:73:late", actor="dep:73", name="Département de la Savoie",
            obj="cooperation", day=AS_OF, days=0,
        )  # fmt: skip


def _scalar(engine: Engine, sql: str, **params: object) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text(sql), params).scalar() or 0)


def _printed(report) -> str:  # type: ignore[no-untyped-def]
    from rich.console import Console

    console = Console(record=True, width=200)
    print_tables(report, console=console)
    return console.export_text()


def test_report_digest_and_views_agree_for_the_same_period(engine: Engine) -> None:
    _build(engine)
    content = build_content(load_week(engine, WEEK), Subscription(email="a@example.org"), "t")
    monday, sunday = week_days(WEEK)
    start, end = content.silent_since, sunday

    views_silent = _scalar(
        engine,
        "SELECT COUNT(*) FROM v_silent_actions WHERE action_date >= :s AND action_date <= :e",
        s=start.isoformat(),
        e=end.isoformat(),
    )
    report = build_report(engine, start, until=end)
    assert report.silent_total == views_silent == content.headline.silent == 2

    # The council items of the week and their relays: report funnel, digest headline, v_relay.
    week_report = build_report(engine, monday, until=sunday)
    overall = next(r for r in week_report.section("relay_funnel").rows if r[0] == "(all)")
    views_items = _scalar(
        engine,
        "SELECT COUNT(DISTINCT r.council_article_id) FROM v_relay r "
        "JOIN articles a ON a.id = r.council_article_id WHERE a.week = :w",
        w=WEEK,
    )
    views_relayed = _scalar(
        engine,
        "SELECT COUNT(DISTINCT r.council_article_id) FROM v_relay r "
        "JOIN articles a ON a.id = r.council_article_id WHERE a.week = :w AND r.relayed = TRUE",
        w=WEEK,
    )
    assert (overall[1], overall[2]) == (views_items, views_relayed)
    assert (content.headline.council_items, content.headline.council_relayed) == (1, 1)
    assert (overall[1], overall[2]) == (1, 1)

    # Over their default periods they differ (the late action) — and each says its period.
    full = build_report(engine, dt.date(2026, 8, 10))
    assert full.until == AS_OF and full.silent_total == 3
    printed = _printed(full)
    assert "du 10 août au 9 novembre 2026" in printed
    assert "au 9 novembre 2026" in printed
    rendered = render(content, "desinscription@example.org", chart=False)
    for part in (rendered.html, rendered.text):
        assert "du 2 au 8 novembre 2026" in part
        assert "du 9 août au 8 novembre 2026" in " ".join(part.split())
        assert "au 9 novembre 2026" in part


def test_report_and_digest_read_the_same_typed_rows() -> None:
    import digest.queries
    import measure.report
    from storage import readers

    assert digest.queries.SilentAction is readers.SilentAction
    assert measure.report.readers is readers


def test_monday_is_the_factory_week() -> None:
    assert week_days(WEEK)[0] == MONDAY

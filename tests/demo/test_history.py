"""The demo's replayed history (issue 13 item 3): polling moments, the outage week, and the web
as it stood at a moment (items published by then, faulty sites failing only in the outage)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import feedparser

from demoweb.generate import WebHistory, build_web
from demoweb.history import outage_week, polling_moments

PARIS = ZoneInfo("Europe/Paris")
AS_OF = dt.date(2026, 11, 26)  # a Thursday


def test_polling_starts_on_the_monday_of_the_first_reported_week_and_ends_on_the_demo_date() -> (
    None
):
    moments = polling_moments(AS_OF)
    first, last = (m.astimezone(PARIS) for m in (moments[0], moments[-1]))
    assert first.date() == dt.date(2026, 8, 31) and first.weekday() == 0
    assert first.date() <= AS_OF - dt.timedelta(weeks=12)
    assert last.date() == AS_OF and (last.hour, last.minute) == (8, 0)
    days = [m.astimezone(PARIS).date() for m in moments]
    assert days == sorted(set(days)) and len(days) == (AS_OF - days[0]).days + 1
    assert all(m.tzinfo is not None and m.utcoffset() == dt.timedelta(0) for m in moments)


def test_the_outage_is_the_last_complete_week_before_the_demo_date() -> None:
    assert outage_week(AS_OF) == (dt.date(2026, 11, 16), dt.date(2026, 11, 22))
    monday = dt.date(2026, 11, 23)
    assert outage_week(monday) == (dt.date(2026, 11, 16), dt.date(2026, 11, 22))


def _feed_entries(web, ip: str, path: str) -> list:  # type: ignore[no-untyped-def]
    return feedparser.parse(web.pages[ip][path].body).entries


def test_the_web_at_a_moment_serves_only_what_was_published_by_then() -> None:
    history = WebHistory(AS_OF, small=True, outage=outage_week(AS_OF))
    full = build_web(AS_OF, small=True)
    moment = dt.datetime(2026, 10, 15, 8, 0, tzinfo=PARIS)
    then = history.at(moment)
    site = next(s for s in then.sites if s.kind == "press")
    feed = site.feeds[0].path
    now_entries = _feed_entries(full, site.ip, feed)
    then_entries = _feed_entries(then, site.ip, feed)
    assert 0 < len(then_entries) < len(now_entries)
    published = [dt.datetime(*e.published_parsed[:6], tzinfo=dt.UTC) for e in then_entries]
    assert max(published) <= moment
    # the same items at the same URLs as the full web: the history is one plan
    assert {e.link for e in then_entries} <= {e.link for e in now_entries}


def test_faulty_sites_fail_only_during_the_outage_week() -> None:
    history = WebHistory(AS_OF, small=True, outage=outage_week(AS_OF))
    council = next(s for s in history.at(dt.datetime(2026, 11, 1, tzinfo=PARIS)).sites
                   if s.faulty == "robots503")  # fmt: skip
    before = history.at(dt.datetime(2026, 11, 10, 8, tzinfo=PARIS))
    during = history.at(dt.datetime(2026, 11, 18, 8, tzinfo=PARIS))
    after = history.at(dt.datetime(2026, 11, 25, 8, tzinfo=PARIS))
    assert before.pages[council.ip]["/robots.txt"].status == 200
    assert during.pages[council.ip]["/robots.txt"].status == 503
    assert after.pages[council.ip]["/robots.txt"].status == 200
    press = next(s for s in before.sites if s.faulty == "feed500")
    assert 500 not in {r.status for r in before.pages[press.ip].values()}
    assert 500 in {r.status for r in during.pages[press.ip].values()}

"""A small week of AICT data for digest tests, written with the storage upserts and tags
stored by ``storage.tagstore.write_tags`` (the tagger's own path).

Week 2026-W45 (2–8 November 2026, Paris) with its four previous weeks for the trend. Savoie
(dep:73) has a relayed council item, a syndicated press story and an article without actors on
a Savoie edition; Lyon and Lille have their own items; three hostile titles sit in the Nord.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from models import MeasureRun
from storage.engine import write_session
from storage.timeutil import iso_week_of_date
from storage.upserts import (
    article_row,
    upsert_actions,
    upsert_articles,
    upsert_feed_health,
    upsert_relay_summaries,
)
from storage.weekly import refresh_weekly_counts
from tests.support.data import add_feed, add_source, add_tags, make_tag

WEEK = "2026-W45"
MONDAY = dt.date(2026, 11, 2)
NLP = "aict-test-1"
HOSTILE_TITLES = (
    "<img src=x onerror=alert(1)>",
    "</table><script>alert(1)</script>",
    "{{ 7*7 }} jumelage",
)


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=dt.UTC)


def add_tagged(
    session: Session,
    source_id: int,
    slug: str,
    *,
    title: str,
    day: dt.date,
    objects: dict[str, float],
    actors: Iterable[tuple[str, str | None]] = (),
    countries: Iterable[str] = (),
    url: str | None = None,
    feed_id: int | None = None,
    syndicated_of: str | None = None,
    is_aict: bool = True,
) -> str:
    """One article with its tag, objects and countries; returns the article id."""
    url = url or f"https://www.{slug}.fr/actu/{abs(hash((title, day))) % 10**8}.html"
    normalized = (
        url if url.startswith("http") else f"https://www.{slug}.fr/n/{abs(hash(url)) % 10**8}"
    )
    row = article_row(
        source_id=source_id,
        url=url,
        normalized_url=normalized,
        title=title,
        text=f"{title}. " * 3,
        published_at=at(day),
        feed_id=feed_id,
        syndicated_of=syndicated_of,
    )
    upsert_articles(session, [row])
    tag = make_tag(objects, is_aict=is_aict, actors=actors, countries=sorted(countries))
    add_tags(session, [(row["id"], tag)], NLP)
    return row["id"]


def add_action(
    session: Session,
    key: str,
    *,
    actor: str,
    name: str,
    obj: str,
    day: dt.date,
    partner: str | None = None,
    country: str | None = None,
    covered: bool = False,
    days: int | None = None,
) -> None:
    upsert_actions(
        session,
        [
            {
                "natural_key": key,
                "origin": "imported",
                "actor_codes": actor,
                "actor_name": name,
                "object": obj,
                "partner": partner,
                "country_iso2": country,
                "action_date": day,
                "covered": covered,
                "days_without_coverage": days,
            }
        ],
    )


def add_health(session: Session, feed_id: int, days: Iterable[dt.date], successes: int = 1) -> None:
    upsert_feed_health(
        session,
        [
            {
                "feed_id": feed_id,
                "day": d,
                "week": iso_week_of_date(d),
                "fetches": 1,
                "successes": successes,
                "new_items": 1,
            }
            for d in days
        ],
    )


def week_days(monday: dt.date = MONDAY) -> list[dt.date]:
    return [monday + dt.timedelta(days=i) for i in range(7)]


def build_week(engine: Engine) -> dict[str, str]:
    """The scenario; returns useful article ids by name."""
    ids: dict[str, str] = {}
    with write_session(engine) as s:
        dauphine = add_source(s, "le-dauphine", name="Le Dauphiné libéré", departments="73,38")
        progres = add_source(s, "le-progres", name="Le Progrès", departments="69,42")
        vdn = add_source(s, "la-voix-du-nord", name="La Voix du Nord", departments="59,62")
        chambery = add_source(
            s,
            "ville-de-chambery",
            kind="council",
            name="Ville de Chambéry",
            collectivite_code="commune:73065",
        )
        f_savoie = add_feed(s, dauphine, "https://www.ledauphine.com/savoie/rss", "73", status="ok")
        f_progres = add_feed(s, progres, "https://www.leprogres.fr/rhone/rss", "69", status="ok")
        f_vdn = add_feed(
            s,
            vdn,
            "https://www.lavoixdunord.fr/rss",
            "59",
            status="error",
            last_error="HTTP 503 Service Unavailable",
            last_success_at=at(MONDAY - dt.timedelta(days=3)),
        )
        f_chy = add_feed(s, chambery, "https://www.chambery.fr/actualites/rss", "73", status="ok")
        add_health(s, f_savoie, week_days())
        add_health(s, f_chy, week_days())
        add_health(s, f_progres, week_days()[:3])
        add_health(s, f_vdn, week_days(), successes=0)
        chy = ("Ville de Chambéry", "commune:73065")
        ids["council"] = add_tagged(
            s,
            chambery,
            "chambery",
            title="Chambéry signe une convention avec Ouahigouya",
            day=MONDAY,
            objects={"cooperation": 0.9},
            actors=[chy],
            countries=["BF"],
            feed_id=f_chy,
        )
        s.execute(
            MeasureRun.__table__.insert().values(
                as_of=dt.date(2026, 11, 9), council_items=1, relayed_items=1
            )
        )
        upsert_relay_summaries(
            s,
            [
                {
                    "council_article_id": ids["council"],
                    "relayed": True,
                    "press_outlets": "le-dauphine,le-progres",
                }
            ],
        )
        ids["savoie"] = add_tagged(
            s,
            dauphine,
            "ledauphine",
            title="Eau potable à Ouahigouya : Chambéry renouvelle son aide",
            day=MONDAY + dt.timedelta(days=1),
            objects={"cooperation": 0.8, "citizenship": 0.4},
            actors=[chy],
            countries=["BF"],
            feed_id=f_savoie,
        )
        ids["copy"] = add_tagged(
            s,
            progres,
            "leprogres",
            title="Eau potable à Ouahigouya : Chambéry renouvelle son aide",
            day=MONDAY + dt.timedelta(days=2),
            objects={"cooperation": 0.8},
            actors=[chy],
            countries=["BF"],
            feed_id=f_progres,
            syndicated_of=ids["savoie"],
        )
        ids["no_actor"] = add_tagged(
            s,
            dauphine,
            "ledauphine",
            title="Le comité de jumelage fête ses quarante ans",
            day=MONDAY + dt.timedelta(days=3),
            objects={"twinning": 0.7},
            feed_id=f_savoie,
        )
        ids["lyon"] = add_tagged(
            s,
            progres,
            "leprogres",
            title="Lyon prospecte des investisseurs à Munich",
            day=MONDAY + dt.timedelta(days=2),
            objects={"attractiveness": 0.9},
            actors=[("Lyon", "commune:69123")],
            countries=["DE"],
            feed_id=f_progres,
        )
        ids["lille"] = add_tagged(
            s,
            vdn,
            "lavoixdunord",
            title="Lille vote une aide d'urgence pour le Liban",
            day=MONDAY + dt.timedelta(days=4),
            objects={"emergency": 0.95},
            actors=[("Lille", "commune:59350")],
            countries=["LB"],
            feed_id=f_vdn,
        )
        nord = ("Département du Nord", "dep:59")
        ids["hostile_img"] = add_tagged(
            s,
            vdn,
            "lavoixdunord",
            title=HOSTILE_TITLES[0],
            url="javascript:alert(1)",
            day=MONDAY + dt.timedelta(days=5),
            objects={"networks": 0.6},
            actors=[nord],
            feed_id=f_vdn,
        )
        ids["hostile_script"] = add_tagged(
            s,
            vdn,
            "lavoixdunord",
            title=HOSTILE_TITLES[1],
            url='https://www.lavoixdunord.fr/a"onmouseover="x',
            day=MONDAY + dt.timedelta(days=5),
            objects={"networks": 0.6},
            actors=[nord],
            feed_id=f_vdn,
        )
        ids["hostile_tpl"] = add_tagged(
            s,
            vdn,
            "lavoixdunord",
            title=HOSTILE_TITLES[2],
            url="data:text/html,<script>alert(1)</script>",
            day=MONDAY + dt.timedelta(days=6),
            objects={"networks": 0.6},
            actors=[nord],
            feed_id=f_vdn,
        )
        add_tagged(
            s,
            dauphine,
            "ledauphine",
            title="Fête de la châtaigne à Chambéry",
            day=MONDAY,
            objects={},
            is_aict=False,
            feed_id=f_savoie,
        )
        for weeks_back, count in ((1, 2), (2, 1), (3, 1), (4, 0)):
            day = MONDAY - dt.timedelta(days=7 * weeks_back)
            for n in range(count):
                add_tagged(
                    s,
                    dauphine,
                    "ledauphine",
                    title=f"Coopération passée {weeks_back}-{n}",
                    day=day,
                    objects={"cooperation": 0.8},
                    actors=[chy],
                    feed_id=f_savoie,
                )
        add_action(
            s,
            "import:dep:73:twinning",
            actor="dep:73",
            name="Département de la Savoie",
            obj="twinning",
            day=dt.date(2026, 9, 15),
            partner="Val d'Aoste",
            country="IT",
            days=55,
        )
        add_action(
            s,
            "import:commune:59350:emergency",
            actor="commune:59350",
            name="Lille",
            obj="emergency",
            day=dt.date(2026, 10, 20),
            partner="Beyrouth",
            country="LB",
            days=20,
        )
        add_action(
            s,
            "import:commune:73065:cooperation",
            actor="commune:73065",
            name="Chambéry",
            obj="cooperation",
            day=dt.date(2026, 10, 1),
            covered=True,
        )
        add_action(
            s,
            "import:dep:73:old",
            actor="dep:73",
            name="Département de la Savoie",
            obj="twinning",
            day=dt.date(2026, 3, 1),
            days=250,
        )
        # What `aict measure` derives besides actions: the counts behind v_weekly_coverage.
        refresh_weekly_counts(s.connection())
    return ids

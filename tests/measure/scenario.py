"""A small hand-computed scenario: 4 council AICT items, 2 relayed (at 3 and 10 days).

Chambéry (commune:73065) publishes four AICT news items about Ouahigouya (BF). The press
relays item 1 three days later (plus a syndicated copy in a second title of the group) and item
3 ten days later; a press article about another council and country relays nothing.
Expected: relay rate 0.5, median lag 6.5 days, 2 silent items.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from nlp.record import TagRecord
from storage.engine import write_session
from storage.upserts import (
    article_row,
    source_ids,
    upsert_articles,
    upsert_feed_health,
    upsert_feeds,
    upsert_sources,
)
from tests.support.data import add_tags, make_tag

T0 = dt.datetime(2026, 10, 5, 8, 0, tzinfo=dt.UTC)  # Monday 5 October 2026, 10:00 Paris
AS_OF = dt.date(2026, 11, 2)

COUNCIL_TEXTS = [
    "La Ville de Chambéry signe avec Ouahigouya une convention pour l'eau potable : "
    "forages, château d'eau et formation des agents municipaux burkinabè.",
    "Le comité de jumelage de Chambéry organise une exposition de photographies "
    "prises à Ouahigouya par les lycéens partis au Burkina Faso cet été.",
    "Chambéry finance la rénovation de trois écoles primaires à Ouahigouya "
    "avec l'aide de l'Agence de l'eau et des associations chambériennes.",
    "Une délégation d'élus de Ouahigouya est reçue à l'hôtel de ville de Chambéry "
    "pour préparer le prochain programme triennal de coopération.",
]


def tag(
    codes: str = "commune:73065",
    countries: tuple[str, ...] = ("BF",),
    objects: tuple[str, ...] = ("cooperation",),
) -> TagRecord:
    return make_tag(
        objects,
        actors=[("Chambéry", c) for c in codes.split(",") if c],
        partners=["Ouahigouya"],
        countries=countries,
    )


def build(engine: Engine) -> dict[str, str]:
    """Create the scenario; returns article ids by name."""
    ids: dict[str, str] = {}
    with write_session(engine) as s:
        upsert_sources(
            s,
            [
                {
                    "slug": "ville-de-chambery",
                    "name": "Ville de Chambéry",
                    "kind": "council",
                    "collectivite_code": "commune:73065",
                    "departments": "73",
                },
                {
                    "slug": "le-dauphine",
                    "name": "Le Dauphiné",
                    "kind": "press",
                    "group_name": "EBRA",
                    "departments": "73",
                    "circulation": 200000,
                },
                {
                    "slug": "le-progres",
                    "name": "Le Progrès",
                    "kind": "press",
                    "group_name": "EBRA",
                    "departments": "69",
                },
            ],
        )
        sid = source_ids(s)
        upsert_feeds(
            s, [{"source_id": sid["le-dauphine"], "url": "https://ld.example/rss", "kind": "rss"}]
        )
        rows = []

        def add(name: str, slug: str, when: dt.datetime, title: str, text: str, **extra) -> None:
            url = f"https://{slug}.example/{name}"
            row = article_row(
                source_id=sid[slug],
                url=url,
                normalized_url=url,
                title=title,
                text=text,
                published_at=when,
                # Seen by the crawler an hour after publication: a fixed time, not the clock,
                # so two databases built a second apart hold the same rows.
                first_seen_at=when + dt.timedelta(hours=1),
                **extra,
            )
            ids[name] = row["id"]
            rows.append(row)

        for k, text in enumerate(COUNCIL_TEXTS, start=1):
            add(
                f"council{k}",
                "ville-de-chambery",
                T0 + dt.timedelta(days=7 * (k - 1)),
                f"Ouahigouya : action {k}",
                text,
            )
        add(
            "relay1",
            "le-dauphine",
            T0 + dt.timedelta(days=3),
            "Chambéry et Ouahigouya : de l'eau potable pour les quartiers",
            "Chambéry a signé une convention avec Ouahigouya pour l'eau potable. Forages, "
            "château d'eau : les agents municipaux burkinabè seront formés, explique l'adjoint.",
        )
        upsert_articles(s, rows)
        rows.clear()
        add(
            "relay1copy",
            "le-progres",
            T0 + dt.timedelta(days=3, hours=2),
            "Chambéry et Ouahigouya : de l'eau potable pour les quartiers",
            "Chambéry a signé une convention avec Ouahigouya pour l'eau potable. Forages, "
            "château d'eau : les agents municipaux burkinabè seront formés, explique l'adjoint.",
            syndicated_of=ids["relay1"],
        )
        add(
            "relay3",
            "le-dauphine",
            T0 + dt.timedelta(days=14 + 10),
            "Des écoles rénovées à Ouahigouya grâce à Chambéry",
            "Trois écoles primaires de Ouahigouya seront rénovées : Chambéry finance les travaux "
            "avec l'Agence de l'eau et les associations chambériennes.",
        )
        add(
            "other",
            "le-dauphine",
            T0 + dt.timedelta(days=4),
            "Annecy reçoit des maires japonais",
            "La ville d'Annecy a reçu une délégation de maires japonais venus de Kyoto.",
        )
        add(
            "plain",
            "le-dauphine",
            T0 + dt.timedelta(days=5),
            "Travaux rue de Boigne",
            "La rue de Boigne sera fermée à la circulation pendant deux semaines.",
        )
        upsert_articles(s, rows)
        results = [(ids[f"council{k}"], tag()) for k in range(1, 5)]
        results += [(ids["relay1"], tag()), (ids["relay1copy"], tag()), (ids["relay3"], tag())]
        results.append((ids["other"], tag("commune:74010", ("JP",), ("delegation",))))
        results.append((ids["plain"], make_tag((), is_aict=False, score=0.9)))
        add_tags(s, results, "test-1")
    return ids


def add_health(engine: Engine, days: list[dt.date]) -> None:
    """Successful fetches of the Dauphiné feed on ``days``."""
    from sqlalchemy import select

    from models import Feed
    from storage.timeutil import iso_week_of_date

    with write_session(engine) as s:
        feed_id = s.scalar(select(Feed.id).where(Feed.url == "https://ld.example/rss"))
        upsert_feed_health(
            s,
            [
                {
                    "feed_id": feed_id,
                    "day": d,
                    "week": iso_week_of_date(d),
                    "fetches": 2,
                    "successes": 1,
                    "new_items": 1,
                }
                for d in days
            ],
        )

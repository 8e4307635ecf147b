"""A small scenario whose answer to each cookbook query (docs/sql-cookbook.md) is worked out by
hand in tests/measure/test_cookbook_values.py.

Every time is 08:00 UTC (10:00 or 09:00 in Paris: the same calendar day). ISO weeks of 2026:
W41 = 5-11 Oct, W42 = 12-18 Oct, W43 = 19-25 Oct, W45 = 2-8 Nov, W46 = 9-15 Nov.
Measured as of Monday 16 November 2026.

Council items (source, actor, countries / partner, objects):

====  ==========  ===================  ====================  ============================  =====
name  date        source               countries / partner   objects                       relay
====  ==========  ===================  ====================  ============================  =====
C0    2025-12-15  ville-de-chambery    BF / Ouahigouya       cooperation                   no
C1    2026-10-05  ville-de-chambery    BF / Ouahigouya       cooperation                   D1+P1
C2    2026-10-12  ville-de-chambery    BF / Ouahigouya       twinning, citizenship         no
C3    2026-10-19  ville-de-chambery    MA / Marrakech        emergency                     D3
C4    2026-11-02  ville-de-chambery    SN / Dakar            cooperation                   no
A1    2026-10-06  ville-d-annecy       JP / Kyoto            delegation                    D5
A2    2026-10-13  ville-d-annecy       ML, SN / Kayes        emergency                     no
====  ==========  ===================  ====================  ============================  =====

Press articles (le-dauphine: circulation 200,000; le-progres: same group, no circulation):

====  ==========  ===========  =========================================================
name  date        source       content
====  ==========  ===========  =========================================================
D1    2026-10-08  le-dauphine  relays C1 (Chambéry, BF, cooperation): lag 3 days
P1    2026-10-08  le-progres   syndicated copy of D1 (10:00 UTC)
D5    2026-10-10  le-dauphine  relays A1 (Annecy, JP, delegation): lag 4 days
N1    2026-10-09  le-dauphine  not AICT
D3    2026-10-20  le-dauphine  relays C3 (Chambéry, MA, emergency): lag 1 day
N2    2026-10-22  le-progres   not AICT
P7    2026-11-05  le-progres   Annecy, JP, twinning: 30 days after A1, outside its window
D6    2026-11-10  le-dauphine  no French actor, BF, cooperation: after every BF window
====  ==========  ===========  =========================================================

Imported partnerships (``aict actions import``): Chambéry – Ouahigouya (BF, twinning, since
2020-01-01), covered by D1/P1; Chambéry – Hué (VN, cooperation, since 2026-03-01), silent.

Feeds: le-dauphine ok (fetched successfully every day from 5 to 18 October, then 19 to 23
October only: W41 and W42 complete, W43 a gap); le-progres in error (failures 1.5);
l-essor switched off (source disabled); ville-de-chambery never fetched (pending).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import Engine, select

from measure.actions_import import import_actions
from measure.run import run_measure
from models import Feed
from nlp.record import TagRecord
from storage.engine import write_session
from storage.timeutil import iso_week_of_date
from storage.upserts import (
    article_row,
    source_ids,
    upsert_articles,
    upsert_feed_health,
    upsert_feeds,
    upsert_sources,
)
from tests.support.data import add_tags, make_tag

AS_OF = dt.date(2026, 11, 16)
CHAMBERY = ("Chambéry", "commune:73065")
ANNECY = ("Annecy", "commune:74010")


def at(day: str, hour: int = 8) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(hour=hour, tzinfo=dt.UTC)


#: name -> (source, published, title, text, tag). Relays repeat their council item's words so
#: the TF-IDF cosine is far above the threshold; unrelated items share no story.
ARTICLES: dict[str, tuple[str, dt.datetime, str, str, TagRecord]] = {
    "C0": (
        "ville-de-chambery",
        at("2025-12-15"),
        "Ouahigouya : bilan 2025 de la coopération",
        "Chambéry dresse le bilan de l'année de coopération avec Ouahigouya : "
        "maraîchage, microcrédit et formation des jeunes agriculteurs burkinabè.",
        make_tag(["cooperation"], actors=[CHAMBERY], partners=["Ouahigouya"], countries=["BF"]),
    ),
    "C1": (
        "ville-de-chambery",
        at("2026-10-05"),
        "Ouahigouya : une convention pour l'eau potable",
        "La Ville de Chambéry signe avec Ouahigouya une convention pour l'eau potable : "
        "forages, château d'eau et formation des agents municipaux burkinabè.",
        make_tag(["cooperation"], actors=[CHAMBERY], partners=["Ouahigouya"], countries=["BF"]),
    ),
    "C2": (
        "ville-de-chambery",
        at("2026-10-12"),
        "Ouahigouya : une exposition des lycéens",
        "Le comité de jumelage de Chambéry organise une exposition de photographies "
        "prises à Ouahigouya par les lycéens partis au Burkina Faso cet été.",
        make_tag(
            ["twinning", "citizenship"],
            actors=[CHAMBERY],
            partners=["Ouahigouya"],
            countries=["BF"],
        ),
    ),
    "C3": (
        "ville-de-chambery",
        at("2026-10-19"),
        "Séisme : Chambéry aide Marrakech",
        "Après le séisme, Chambéry envoie à Marrakech des tentes, des couvertures et une équipe "
        "de pompiers savoyards pour soutenir les secours marocains.",
        make_tag(["emergency"], actors=[CHAMBERY], partners=["Marrakech"], countries=["MA"]),
    ),
    "C4": (
        "ville-de-chambery",
        at("2026-11-02"),
        "Dakar : un partenariat numérique",
        "Chambéry et Dakar lancent un partenariat sur la gestion numérique de l'état civil "
        "et l'archivage des registres municipaux sénégalais.",
        make_tag(["cooperation"], actors=[CHAMBERY], partners=["Dakar"], countries=["SN"]),
    ),
    "A1": (
        "ville-d-annecy",
        at("2026-10-06"),
        "Annecy accueille une délégation de Kyoto",
        "Annecy reçoit une délégation d'élus de Kyoto venus étudier la protection du lac "
        "et la gestion des sentiers de montagne.",
        make_tag(["delegation"], actors=[ANNECY], partners=["Kyoto"], countries=["JP"]),
    ),
    "A2": (
        "ville-d-annecy",
        at("2026-10-13"),
        "Inondations : Annecy solidaire de Kayes",
        "Annecy débloque une aide d'urgence pour les familles sinistrées de Kayes, au Mali, "
        "et pour les villages sénégalais voisins touchés par la crue du fleuve.",
        make_tag(["emergency"], actors=[ANNECY], partners=["Kayes"], countries=["ML", "SN"]),
    ),
    "D1": (
        "le-dauphine",
        at("2026-10-08"),
        "Chambéry et Ouahigouya : une convention pour l'eau potable",
        "La Ville de Chambéry a signé avec Ouahigouya une convention pour l'eau potable : "
        "forages, château d'eau et formation des agents municipaux burkinabè.",
        make_tag(["cooperation"], actors=[CHAMBERY], partners=["Ouahigouya"], countries=["BF"]),
    ),
    "P1": (
        "le-progres",
        at("2026-10-08", 10),
        "Chambéry et Ouahigouya : une convention pour l'eau potable",
        "La Ville de Chambéry a signé avec Ouahigouya une convention pour l'eau potable : "
        "forages, château d'eau et formation des agents municipaux burkinabè.",
        make_tag(["cooperation"], actors=[CHAMBERY], partners=["Ouahigouya"], countries=["BF"]),
    ),
    "D5": (
        "le-dauphine",
        at("2026-10-10"),
        "Une délégation de Kyoto à Annecy",
        "Annecy a reçu une délégation d'élus de Kyoto venus étudier la protection du lac "
        "et la gestion des sentiers de montagne.",
        make_tag(["delegation"], actors=[ANNECY], partners=["Kyoto"], countries=["JP"]),
    ),
    "N1": (
        "le-dauphine",
        at("2026-10-09"),
        "Travaux rue de Boigne",
        "La rue de Boigne sera fermée à la circulation pendant deux semaines.",
        make_tag((), is_aict=False),
    ),
    "D3": (
        "le-dauphine",
        at("2026-10-20"),
        "Séisme au Maroc : Chambéry aide Marrakech",
        "Après le séisme, Chambéry a envoyé à Marrakech des tentes, des couvertures et une "
        "équipe de pompiers savoyards pour soutenir les secours marocains.",
        make_tag(["emergency"], actors=[CHAMBERY], partners=["Marrakech"], countries=["MA"]),
    ),
    "N2": (
        "le-progres",
        at("2026-10-22"),
        "Marché de Noël à Lyon",
        "Le marché de Noël ouvrira ses portes place Carnot à la fin du mois.",
        make_tag((), is_aict=False),
    ),
    "P7": (
        "le-progres",
        at("2026-11-05"),
        "Annecy et Kyoto renouvellent leur jumelage",
        "Annecy et Kyoto renouvellent leur jumelage : échanges scolaires et festival du film.",
        make_tag(["twinning"], actors=[ANNECY], partners=["Kyoto"], countries=["JP"]),
    ),
    "D6": (
        "le-dauphine",
        at("2026-11-10"),
        "Une ONG savoyarde creuse des puits au Burkina Faso",
        "Une association savoyarde finance des puits dans trois villages du Burkina Faso.",
        make_tag(["cooperation"], countries=["BF"]),
    ),
}

SOURCES = [
    {
        "slug": "ville-de-chambery",
        "name": "Ville de Chambéry",
        "kind": "council",
        "collectivite_code": "commune:73065",
        "departments": "73",
    },
    {
        "slug": "ville-d-annecy",
        "name": "Ville d'Annecy",
        "kind": "council",
        "collectivite_code": "commune:74010",
        "departments": "74",
    },
    {
        "slug": "le-dauphine",
        "name": "Le Dauphiné",
        "kind": "press",
        "group_name": "EBRA",
        "departments": "73,74",
        "circulation": 200000,
    },
    {
        "slug": "le-progres",
        "name": "Le Progrès",
        "kind": "press",
        "group_name": "EBRA",
        "departments": "69",
    },
    {"slug": "l-essor", "name": "L'Essor", "kind": "press", "departments": "69", "enabled": False},
]

FEEDS = [
    {
        "slug": "le-dauphine",
        "url": "https://ld.example/rss",
        "status": "ok",
        "failures": 0.0,
        "last_success_at": at("2026-11-16", 6),
    },
    {
        "slug": "le-progres",
        "url": "https://lp.example/rss",
        "status": "error",
        "failures": 1.5,
        "last_success_at": at("2026-10-20", 6),
        "last_error": "HTTP 503",
    },
    {
        "slug": "l-essor",
        "url": "https://le.example/rss",
        "status": "ok",
        "failures": 0.0,
        "last_success_at": at("2026-09-30", 6),
    },
    {"slug": "ville-de-chambery", "url": "https://chambery.example/actus"},
]

#: Days of successful fetches of the Dauphiné feed: 5-18 October (W41, W42), 19-23 October.
DAUPHINE_OK_DAYS = [dt.date(2026, 10, 5) + dt.timedelta(days=d) for d in range(19)]

PARTNERSHIPS_CSV = (
    "actor_code,partner,country_iso2,object,since,note\n"
    "commune:73065,Ouahigouya,BF,twinning,2020-01-01,jumelage historique\n"
    "commune:73065,Hué,VN,cooperation,2026-03-01,programme patrimoine\n"
)


def build(engine: Engine, tmp_dir: Path) -> dict[str, str]:
    """Create the scenario and measure it as of :data:`AS_OF`; returns article ids by name."""
    ids: dict[str, str] = {}
    with write_session(engine) as s:
        upsert_sources(s, SOURCES)
        sid = source_ids(s)
        upsert_feeds(
            s,
            [
                {**{k: v for k, v in f.items() if k != "slug"}, "source_id": sid[f["slug"]]}
                for f in FEEDS
            ],
        )
        originals = []
        copies = []
        for name, (slug, when, title, text, _) in ARTICLES.items():
            url = f"https://{slug}.example/{name}"
            row = article_row(
                source_id=sid[slug],
                url=url,
                normalized_url=url,
                title=title,
                text=text,
                published_at=when,
                first_seen_at=when + dt.timedelta(hours=1),
                # P1 is a copy of D1 (same group, same text): a copy references its original,
                # stored first.
                **({"syndicated_of": ids["D1"]} if name == "P1" else {}),
            )
            ids[name] = row["id"]
            (copies if name == "P1" else originals).append(row)
        upsert_articles(s, originals)
        upsert_articles(s, copies)
        add_tags(s, [(ids[name], spec[4]) for name, spec in ARTICLES.items()], "test-1")
        feed_id = s.scalar(select(Feed.id).where(Feed.url == "https://ld.example/rss"))
        upsert_feed_health(
            s,
            [
                {
                    "feed_id": feed_id,
                    "day": d,
                    "week": iso_week_of_date(d),
                    "fetches": 4,
                    "successes": 4,
                    "new_items": 0,
                }
                for d in DAUPHINE_OK_DAYS
            ],
        )
    csv_path = tmp_dir / "partnerships.csv"
    csv_path.write_text(PARTNERSHIPS_CSV, encoding="utf-8")
    import_actions(engine, str(csv_path))
    run_measure(engine, AS_OF)
    return ids

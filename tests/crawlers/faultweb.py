"""The loopback "fault web": fourteen self-stopping sites, each reproducing a case of
reliability.md sections A and B, crawled at once through the real `aict crawl` (one failing
source must never stop the others), then crawled again to check incrementality.

:func:`fault_web` builds and crawls it once per database (the session fixture ``web`` of
``tests/crawlers/conftest.py``); the tests reading it are grouped by behaviour:
``test_crawl_errors.py``, ``test_crawl_limits.py``, ``test_crawl_network.py``,
``test_crawl_politeness.py``, ``test_crawl_articles.py`` and ``test_crawl_incremental.py``.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import brotli
import pytest

from tests.conftest import fresh_database, query_db
from tests.support.cli import crawl_env, run_aict
from tests.support.sites import (
    FORBIDDEN_ADDRESS,
    FixtureSite,
    article_html,
    loopback_address,
    redirect,
    rss,
    trickle,
    truncated,
)
from tests.support.sources import source_entry, write_sources

TEXT_A3 = (
    "Le conseil départemental a accueilli lundi une délégation de la région de Kayes, au Mali, "
    "partenaire depuis vingt ans. Les élus ont signé une nouvelle convention de coopération "
    "décentralisée consacrée à la formation des agents municipaux et à la gestion de l'eau.\n"
    "La convention prévoit des échanges de techniciens pendant trois ans et un fonds commun "
    "abondé par les deux collectivités, avec le soutien de l'Agence française de développement."
)
TEXT_GENERIC = (
    "Les travaux de la médiathèque se poursuivent dans le centre-ville et devraient s'achever "
    "avant l'été. La municipalité promet une ouverture élargie le dimanche et un espace "
    "numérique pour les associations du quartier, qui pourront y organiser leurs ateliers."
)
CRAWL_SETTINGS = {"DOWNLOAD_TIMEOUT": 3, "RETRY_TIMES": 1, "DOWNLOAD_DELAY": 0.2}
BOMB = 64 * 1024 * 1024  # decompresses far past the 8 MiB feed limit


@dataclass
class FaultWeb:
    db_url: str
    sites: dict[str, FixtureSite]
    internal: FixtureSite
    runs: list[subprocess.CompletedProcess[str]] = field(default_factory=list)
    counts: list[dict[str, int]] = field(default_factory=list)

    def query(self, sql: str, **params: object) -> list:
        return query_db(self.db_url, sql, **params)

    def health(self, slug: str) -> tuple:
        return self.query(
            "SELECT status, last_error, failures FROM v_source_health WHERE source_slug = :s",
            s=slug,
        )[0]

    def articles(self, slug: str) -> list:
        return self.query(
            "SELECT a.* FROM articles a JOIN sources s ON s.id = a.source_id WHERE s.slug = :s "
            "ORDER BY a.url",
            s=slug,
        )


def _build_sites(stack: list[FixtureSite]) -> tuple[dict[str, FixtureSite], FixtureSite]:
    def site(name: str) -> FixtureSite:
        s = FixtureSite(lifetime=90).__enter__()
        stack.append(s)
        sites[name] = s
        return s

    sites: dict[str, FixtureSite] = {}
    internal = FixtureSite(FORBIDDEN_ADDRESS, lifetime=90).__enter__()
    stack.append(internal)
    internal.route("/secret", "internal")

    good = site("good")
    good.route(
        "/robots.txt",
        "User-agent: *\nDisallow: /prive\nCrawl-delay: 1\n",
        content_type="text/plain",
    )
    good.route(
        "/rss.xml",
        rss(
            [
                {
                    "title": "Oeuvre",
                    "link": good.url("/a1?utm_source=rss&utm_medium=flux"),
                    "date": "mar., 12 mars 2024",
                },
                {"title": "Oeuvre bis", "link": good.url("/a1?xtor=RSS-3208")},
                {"title": "Oeuvre ter", "link": good.url("/a1#commentaires")},
                {
                    "title": "Abonnés",
                    "link": good.url("/a2"),
                    "date": "Tue, 12 Mar 2024 18:00:00 CET",
                },
                {"title": "Kayes", "link": good.url("/a3"), "date": "2024-03-12 10:00:00"},
                {"title": "Sans date", "link": good.url("/a5"), "date": "bientôt"},
                {"title": "Kayes encore", "link": good.url("/a6"), "date": "2024-03-12 14:00:00"},
                {"title": "Privé", "link": good.url("/prive/note")},
                {"title": "Interne", "link": good.url("/go-internal")},
                {"title": "Script", "link": "javascript:alert(1)"},
                {"title": "Fichier", "link": "file:///etc/passwd"},
            ]
        ),
        content_type="application/rss+xml",
    )
    cp1252 = article_html(
        "L’œuvre coûte 5 €",
        "L’œuvre coûte 5 € « cette année » à la ville.\n" + TEXT_GENERIC,
        charset="iso-8859-1",
    )
    good.route(
        "/a1?utm_source=rss&utm_medium=flux",
        cp1252.encode("cp1252"),
        content_type="text/html; charset=ISO-8859-1",
    )
    locked = json.dumps(
        {"@type": "NewsArticle", "headline": "Article abonnés", "isAccessibleForFree": False}
    )
    good.route(
        "/a2",
        article_html(
            "Article abonnés",
            TEXT_GENERIC.replace("médiathèque", "piscine"),
            jsonld=f'<script type="application/ld+json">{locked}</script>',
        ),
    )
    good.route("/a3", article_html("Coopération avec Kayes", TEXT_A3))
    good.route(
        "/a5", article_html("Nouvelle crèche", TEXT_GENERIC.replace("médiathèque", "crèche"))
    )
    # The same story again under a new URL (another edition): same title, same text as a3.
    good.route("/a6", article_html("Coopération avec Kayes", TEXT_A3 + "\nMis à jour à 18 h."))
    good.routes["/go-internal"] = redirect(internal.url("/secret"))

    partial = site("partial")
    partial.route(
        "/rss.xml",
        rss([{"title": "Coupé", "link": partial.url("/cut")}]),
        content_type="application/rss+xml",
    )
    partial.routes["/cut"] = truncated(TEXT_A3.encode(), declared=100_000)

    syndic = site("syndic")
    syndic.route(
        "/rss.xml",
        rss([{"title": "Kayes", "link": syndic.url("/copie")}]),
        content_type="application/rss+xml",
    )
    syndic.route(
        "/copie",
        article_html("Kayes : une convention renouvelée", TEXT_A3 + "\nPar notre correspondant."),
    )

    robots503 = site("robots503")
    robots503.route("/robots.txt", "<html>Service indisponible</html>", status=503)
    robots503.route(
        "/rss.xml",
        rss([{"title": "x", "link": robots503.url("/x")}]),
        content_type="application/rss+xml",
    )

    ssrf = site("ssrf")
    ssrf.routes["/rss.xml"] = redirect(internal.url("/secret"))

    loop = site("loop")
    loop.routes["/loopA"] = redirect(loop.url("/loopB"))
    loop.routes["/loopB"] = redirect(loop.url("/loopA"))

    gz = site("gzipbomb")
    gz.route(
        "/rss.xml",
        gzip.compress(b"\0" * BOMB, 9),
        content_type="application/rss+xml",
        **{"Content-Encoding": "gzip"},
    )
    br = site("brbomb")
    br.route(
        "/rss.xml",
        brotli.compress(b"\0" * BOMB, quality=5),
        content_type="application/rss+xml",
        **{"Content-Encoding": "br"},
    )

    slow = site("trickle")
    slow.routes["/rss.xml"] = trickle(seconds=12)

    laughs = site("laughs")
    lol = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    laughs.route(
        "/rss.xml",
        (
            f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY lol0 "lol">{lol}'
            f'<!ENTITY ext SYSTEM "{internal.url("/secret")}">]><rss version="2.0"><channel>'
            "<title>&lol9;</title><item><title>&ext;</title>"
            f"<link>{laughs.url('/l1')}</link></item></channel></rss>"
        ),
        content_type="application/rss+xml",
    )
    laughs.route("/l1", article_html("Entités", TEXT_GENERIC.replace("médiathèque", "halle")))

    bad = site("malformed")
    bad.route(
        "/rss.xml",
        (
            '<?xml version="1.0"?><rss version="2.0"><channel><title>Santé & sécurité</title>'
            f"<item><title>Un & deux</title><link>{bad.url('/m1')}</link></item>"
            f"<item><title>Trois<b></title><link>{bad.url('/m2')}</link></item></channel></rss>"
        ),
        content_type="application/rss+xml",
    )
    bad.route("/m1", article_html("Marché de Noël", TEXT_GENERIC.replace("médiathèque", "marché")))
    bad.route("/m2", article_html("Fête du sport", TEXT_GENERIC.replace("médiathèque", "stade")))

    throttled = site("throttled")
    throttled.route("/rss.xml", "trop de requêtes", status=429, **{"Retry-After": "5"})

    edited = site("edited")
    edited.route(
        "/rss.xml",
        rss([{"title": "Budget", "link": edited.url("/e1")}]),
        content_type="application/rss+xml",
    )
    edited.route(
        "/e1", article_html("Budget voté", TEXT_GENERIC.replace("médiathèque", "salle des fêtes"))
    )
    return sites, internal


def _sources_yaml(sites: dict[str, FixtureSite], path: Path) -> None:
    feeds = {name: s.url("/rss.xml") for name, s in sites.items()}
    feeds["loop"] = sites["loop"].url("/loopA")
    feeds["dead"] = f"http://{loopback_address()}:9/rss.xml"  # nothing listens there
    feeds["nodns"] = "http://nowhere.invalid/rss.xml"
    grouped = {"good", "syndic"}
    entries = [
        source_entry(f"fault-{name}", [url], name=name)
        | ({"group": "Groupe Test"} if name in grouped else {})
        for name, url in feeds.items()
    ]
    write_sources(path, entries)


def _crawl(db_url: str, sources: Path) -> subprocess.CompletedProcess[str]:
    return run_aict(
        "crawl", "--sources", str(sources), "--db", db_url, env=crawl_env(CRAWL_SETTINGS)
    )


def _counts(web: FaultWeb) -> dict[str, int]:
    tables = ("articles", "article_versions", "raw_pages", "sources", "feeds")
    return {t: web.query(f"SELECT COUNT(*) FROM {t}")[0][0] for t in tables}


@contextmanager
def fault_web(request: pytest.FixtureRequest, tmp: Path) -> Iterator[FaultWeb]:
    """The fault web crawled twice on ``request.param``'s database; its sites stop on exit."""
    with fresh_database(request, tmp, "crawl") as db_url:
        stack: list[FixtureSite] = []
        try:
            sites, internal = _build_sites(stack)
            sources = tmp / "sources.yaml"
            _sources_yaml(sites, sources)
            fault_web = FaultWeb(db_url, sites, internal)
            fault_web.runs.append(_crawl(db_url, sources))
            fault_web.counts.append(_counts(fault_web))
            # Between the runs only the "edited" site changes (B9): a newer Atom entry, new text.
            edited = sites["edited"]
            newer = (dt.datetime.now(dt.UTC) + dt.timedelta(minutes=5)).strftime(
                "%Y-%m-%dT%H:%M:%SZ"
            )
            edited.route(
                "/rss.xml",
                (
                    '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
                    f"<title>E</title><id>urn:e</id><updated>{newer}</updated><entry><title>Budget voté</title>"
                    f'<link href="{edited.url("/e1")}"/><id>urn:e1</id><updated>{newer}</updated></entry></feed>'
                ),
                content_type="application/atom+xml",
            )
            edited.route(
                "/e1",
                article_html(
                    "Budget voté",
                    TEXT_GENERIC.replace("médiathèque", "salle des fêtes")
                    + "\nMise à jour : le vote a été reporté d'une semaine.",
                ),
            )
            fault_web.runs.append(_crawl(db_url, sources))
            fault_web.counts.append(_counts(fault_web))
            yield fault_web
        finally:
            for s in stack:
                s.__exit__(None, None, None)

"""End-to-end crawl of a loopback "fault web" through the real `aict crawl` (one process each).

One fixture starts a dozen self-stopping sites, each reproducing a case of reliability.md
sections A and B, crawls them all at once (one failing source must never stop the others),
then crawls again to check incrementality. Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import brotli
import pytest
import yaml

from tests.conftest import fresh_database, query_db
from tests.support.sites import (
    TEST_NETWORK,
    FixtureSite,
    article_html,
    redirect,
    rss,
    trickle,
    truncated,
)

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
    def site(name: str, n: int) -> FixtureSite:
        s = FixtureSite(f"127.0.30.{n}", lifetime=90).__enter__()
        stack.append(s)
        sites[name] = s
        return s

    sites: dict[str, FixtureSite] = {}
    internal = FixtureSite("127.0.0.2", lifetime=90).__enter__()  # the forbidden target
    stack.append(internal)
    internal.route("/secret", "internal")

    good = site("good", 1)
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

    partial = site("partial", 14)
    partial.route(
        "/rss.xml",
        rss([{"title": "Coupé", "link": partial.url("/cut")}]),
        content_type="application/rss+xml",
    )
    partial.routes["/cut"] = truncated(TEXT_A3.encode(), declared=100_000)

    syndic = site("syndic", 2)
    syndic.route(
        "/rss.xml",
        rss([{"title": "Kayes", "link": syndic.url("/copie")}]),
        content_type="application/rss+xml",
    )
    syndic.route(
        "/copie",
        article_html("Kayes : une convention renouvelée", TEXT_A3 + "\nPar notre correspondant."),
    )

    robots503 = site("robots503", 3)
    robots503.route("/robots.txt", "<html>Service indisponible</html>", status=503)
    robots503.route(
        "/rss.xml",
        rss([{"title": "x", "link": robots503.url("/x")}]),
        content_type="application/rss+xml",
    )

    ssrf = site("ssrf", 4)
    ssrf.routes["/rss.xml"] = redirect(internal.url("/secret"))

    loop = site("loop", 5)
    loop.routes["/loopA"] = redirect(loop.url("/loopB"))
    loop.routes["/loopB"] = redirect(loop.url("/loopA"))

    gz = site("gzipbomb", 6)
    gz.route(
        "/rss.xml",
        gzip.compress(b"\0" * BOMB, 9),
        content_type="application/rss+xml",
        **{"Content-Encoding": "gzip"},
    )
    br = site("brbomb", 7)
    br.route(
        "/rss.xml",
        brotli.compress(b"\0" * BOMB, quality=5),
        content_type="application/rss+xml",
        **{"Content-Encoding": "br"},
    )

    slow = site("trickle", 8)
    slow.routes["/rss.xml"] = trickle(seconds=12)

    laughs = site("laughs", 9)
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

    bad = site("malformed", 10)
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

    throttled = site("throttled", 12)
    throttled.route("/rss.xml", "trop de requêtes", status=429, **{"Retry-After": "5"})

    edited = site("edited", 13)
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
    feeds["dead"] = "http://127.0.30.250:9/rss.xml"
    feeds["nodns"] = "http://nowhere.invalid/rss.xml"
    entries = []
    for name, url in feeds.items():
        entry = {"slug": f"fault-{name}", "name": name, "kind": "press", "feeds": [url]}
        if name in ("good", "syndic"):
            entry["group"] = "Groupe Test"
        entries.append(entry)
    path.write_text(yaml.safe_dump({"sources": entries}), encoding="utf-8")


def _crawl(db_url: str, sources: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "AICT_ALLOW_NETWORKS": TEST_NETWORK,
        "AICT_SCRAPY_SETTINGS": json.dumps(CRAWL_SETTINGS),
    }
    return subprocess.run(
        [sys.executable, "-m", "cli", "crawl", "--sources", str(sources), "--db", db_url],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )


def _counts(web: FaultWeb) -> dict[str, int]:
    tables = ("articles", "article_versions", "raw_pages", "sources", "feeds")
    return {t: web.query(f"SELECT COUNT(*) FROM {t}")[0][0] for t in tables}


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def web(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[FaultWeb]:
    tmp = tmp_path_factory.mktemp("faultweb")
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


def test_exit_code_3_and_healthy_sources_ingested(web: FaultWeb) -> None:
    first = web.runs[0]
    assert first.returncode == 3, first.stderr[-3000:]
    assert "Traceback" not in first.stderr
    assert len(web.articles("fault-good")) == 4  # a1 (3 variants), a2, a3, a5
    assert len(web.articles("fault-malformed")) == 2
    assert web.health("fault-good")[0] in ("ok", "not_modified")  # after the 2nd crawl


def test_robots_5xx_means_complete_disallow(web: FaultWeb) -> None:
    assert web.sites["robots503"].hits["/rss.xml"] == 0
    status, error, failures = web.health("fault-robots503")
    assert status == "disallowed" and "503" in error and failures > 0


def test_robots_rules_and_crawl_delay(web: FaultWeb) -> None:
    good = web.sites["good"]
    assert good.hits["/prive/note"] == 0
    assert good.max_in_flight == 1
    pages = [t for path, t in good.arrivals if path.startswith("/a")]
    gaps = [b - a for a, b in zip(pages, pages[1:], strict=False)]
    assert gaps and min(gaps) >= 0.5  # Crawl-delay: 1, randomised down to 0.5×


def test_ssrf_refused_at_every_hop(web: FaultWeb) -> None:
    assert sum(web.internal.hits.values()) == 0  # feed redirect, article redirect, XML entity
    status, error, _ = web.health("fault-ssrf")
    assert status == "refused" and "127.0.0.2" in error
    assert web.sites["good"].hits["/go-internal"] == 1


def test_redirect_loop_reported(web: FaultWeb) -> None:
    status, error, _ = web.health("fault-loop")
    assert status == "error" and "redirect loop" in error
    assert sum(web.sites["loop"].hits.values()) <= 6 + 1  # + robots.txt


@pytest.mark.parametrize("slug", ["fault-gzipbomb", "fault-brbomb"])
def test_compression_bombs_stopped(web: FaultWeb, slug: str) -> None:
    status, error, _ = web.health(slug)
    assert status == "error" and "MAXSIZE" in error.upper()


def test_trickling_body_times_out(web: FaultWeb) -> None:
    status, error, _ = web.health("fault-trickle")
    assert status == "error" and "timeout" in error.lower()


def test_dead_host_is_a_failure_not_a_crash(web: FaultWeb) -> None:
    status, _, failures = web.health("fault-dead")
    assert status == "error" and failures == 0.5  # refused connection: 0.25 (temporary) × 2 crawls


def test_retry_after_honoured(web: FaultWeb) -> None:
    # No immediate retry of the 429, and the second crawl (explicitly naming the source)
    # still waits: Retry-After is the server's request, honoured whatever the schedule.
    assert web.sites["throttled"].hits["/rss.xml"] == 1
    status, _, failures = web.health("fault-throttled")
    assert status == "backoff" and failures == 0.5
    (next_at,) = web.query(
        "SELECT next_fetch_at FROM feeds WHERE url = :u", u=web.sites["throttled"].url("/rss.xml")
    )[0]
    assert next_at is not None


def test_malformed_feed_kept_and_billion_laughs_harmless(web: FaultWeb) -> None:
    assert web.health("fault-malformed")[0] in ("ok", "not_modified")
    assert web.health("fault-laughs")[0] in ("ok", "not_modified", "error")
    assert all("lol" * 100 not in a.title for a in web.articles("fault-laughs"))


def test_tracking_variants_one_row_and_cp1252_text(web: FaultWeb) -> None:
    good = web.sites["good"]
    assert sum(n for path, n in good.hits.items() if path.startswith("/a1")) == 1
    (a1,) = [a for a in web.articles("fault-good") if "/a1" in a.url]
    assert a1.normalized_url.endswith("/a1")
    assert "L’œuvre coûte 5 €" in a1.text and "L’œuvre coûte 5 €" == a1.title
    assert not any("\x80" <= c <= "\x9f" for c in a1.text + a1.title)
    assert a1.encoding == "cp1252"
    assert a1.language == "fr"


def _utc(value: object) -> dt.datetime | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    assert isinstance(value, dt.datetime)
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def test_dates_french_naive_cet_and_unparseable(web: FaultWeb) -> None:
    by_path = {a.url.rsplit("/", 1)[-1].split("?")[0]: a for a in web.articles("fault-good")}
    assert _utc(by_path["a1"].published_at) == dt.datetime(2024, 3, 11, 23, 0, tzinfo=dt.UTC)
    assert _utc(by_path["a2"].published_at) == dt.datetime(2024, 3, 12, 17, 0, tzinfo=dt.UTC)
    assert _utc(by_path["a3"].published_at) == dt.datetime(2024, 3, 12, 9, 0, tzinfo=dt.UTC)
    assert by_path["a5"].published_at is None and by_path["a5"].first_seen_at is not None


def test_paywall_flag(web: FaultWeb) -> None:
    by_path = {a.url.rsplit("/", 1)[-1]: a for a in web.articles("fault-good")}
    assert bool(by_path["a2"].paywalled) and bool(by_path["a2"].text_truncated)
    assert not bool(by_path["a3"].paywalled)


def test_syndicated_copy_points_at_first(web: FaultWeb) -> None:
    (a3,) = [a for a in web.articles("fault-good") if a.url.endswith("/a3")]
    (copy,) = web.articles("fault-syndic")
    assert (copy.syndicated_of == a3.id) != (a3.syndicated_of == copy.id)


def test_raw_html_kept_compressed(web: FaultWeb) -> None:
    (a3,) = [a for a in web.articles("fault-good") if a.url.endswith("/a3")]
    (body,) = web.query("SELECT body_gz FROM raw_pages WHERE article_id = :i", i=a3.id)[0]
    assert "Kayes" in gzip.decompress(bytes(body)).decode("utf-8")


def test_second_crawl_adds_no_rows_but_a_version_for_an_edit(web: FaultWeb) -> None:
    first, second = web.counts
    assert web.runs[1].returncode == 3
    assert second["articles"] == first["articles"]
    assert second["raw_pages"] == first["raw_pages"]
    assert second["article_versions"] == first["article_versions"] + 1  # only the edited article
    assert web.health("fault-good")[0] == "not_modified"
    assert web.sites["good"].hits["/a3"] == 1
    (e1,) = web.articles("fault-edited")
    assert "reporté" in e1.text


def test_title_duplicate_within_source_dropped(web: FaultWeb) -> None:
    assert web.sites["good"].hits["/a6"] == 1
    assert not [a for a in web.articles("fault-good") if a.url.endswith("/a6")]


def test_truncated_body_never_stored(web: FaultWeb) -> None:
    assert web.sites["partial"].hits["/cut"] >= 1
    assert web.articles("fault-partial") == []


def test_unknown_host_is_a_soft_dns_failure(web: FaultWeb) -> None:
    status, error, failures = web.health("fault-nodns")
    assert status == "error" and "nowhere.invalid" in error
    assert failures == 1.0  # DNS failure: 0.5 (soft) × 2 crawls

"""Unrendered pages (issue 12, item 6): templates and JavaScript shells are counted, not stored.

Pure checks of :func:`crawlers.extract.extract_page` on small pages modelled on what council
and local-media sites send before their JavaScript runs, then one crawl over a loopback site:
the rendered article is stored, the template page is not, and the feed's health log names it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from crawlers.extract import extract_page
from crawlers.health import FetchOutcome, record_fetch, record_page_outcome
from models import Feed, FetchEvent
from storage.engine import write_session
from storage.upserts import upsert_feeds
from tests.conftest import query_db
from tests.support.cli import crawl_env, run_aict
from tests.support.data import add_source
from tests.support.sites import FixtureSite, article_html, rss
from tests.support.sources import source_entry, write_sources

TEXT = (
    "La métropole a reçu jeudi une délégation de la ville de Tlemcen pour préparer le "
    "renouvellement de leur accord de coopération, centré sur la gestion des déchets et la "
    "formation des agents territoriaux. Une convention sera soumise au conseil en juin."
)

ANGULAR_TEMPLATE = """<!DOCTYPE html><html lang="fr" ng-app="actuApp"><head><meta charset="utf-8">
<title>{{ctrl.content.title}} - Ville de Montreuil-sur-Loire</title>
<script src="/js/angular.min.js"></script><script src="/js/actu.js"></script></head>
<body ng-controller="ActuController as ctrl"><header><a href="/">Ville de Montreuil-sur-Loire</a>
<nav><a href="/actualites">Actualités</a> <a href="/demarches">Démarches</a></nav></header>
<main><article class="actu"><h1>{{ctrl.content.title}}</h1>
<p class="date">Publié le {{ctrl.content.date | date:'dd/MM/yyyy'}}</p>
<div class="chapo">{{ctrl.content.chapo}}</div>
<div class="corps">{{ctrl.content.body}}</div>
<p class="auteur">{{ctrl.content.author}}</p></article></main>
<footer><a href="/mentions-legales">Mentions légales</a></footer></body></html>"""

NG_BIND_SHELL = """<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">
<title>Actualité - Communauté de communes du Val</title></head><body data-ng-app="cc">
<header><a href="/">Communauté de communes du Val</a></header><main>
<h1 ng-bind="actu.titre"></h1><div ng-bind-html="actu.contenu"></div></main>
<footer>Mentions légales</footer><script src="/app.js"></script></body></html>"""

REACT_SHELL = """<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">
<title>Le Courrier du Val</title><link rel="stylesheet" href="/static/main.css"></head>
<body><noscript>Vous devez activer JavaScript pour utiliser ce site.</noscript>
<div id="root"></div><script src="/static/js/main.8f3a2.js"></script></body></html>"""


@pytest.mark.parametrize(
    "html", [ANGULAR_TEMPLATE, NG_BIND_SHELL, REACT_SHELL], ids=["angular", "ng-bind", "react"]
)
def test_templates_and_shells_are_unrendered(html: str) -> None:
    page = extract_page(html, "https://www.ville.fr/actualites/detail?id=42")
    assert page.unrendered


def test_a_rendered_article_is_not() -> None:
    page = extract_page(article_html("Coopération avec Tlemcen", TEXT), "https://j.fr/a")
    assert page.unrendered is None


def test_a_server_rendered_app_with_text_is_not() -> None:
    paragraphs = "".join(f"<p>{TEXT}</p>" for _ in range(2))
    html = (
        "<html lang='fr'><head><title>Tlemcen</title></head><body><div id='app'>"
        f"<main><article><h1>Coopération avec Tlemcen</h1>{paragraphs}</article></main></div>"
        "<script src='/app.js'></script></body></html>"
    )
    assert extract_page(html, "https://j.fr/b").unrendered is None


def test_an_article_quoting_braces_once_is_not() -> None:
    text = f"{TEXT}\nLe formulaire affichait « {{{{nom}}}} » au lieu du nom du demandeur."
    page = extract_page(article_html("Un bug sur le site de la mairie", text), "https://j.fr/c")
    assert page.unrendered is None


def _feed(engine: Engine) -> int:
    with write_session(engine) as session:
        source_id = add_source(session, "le-test")
        upsert_feeds(
            session,
            [{"source_id": source_id, "url": "https://j.fr/rss", "kind": "rss", "departments": ""}],
        )
        return session.scalar(select(Feed.id).where(Feed.url == "https://j.fr/rss"))


def test_page_outcome_is_an_event_of_the_feed_not_its_status(engine: Engine) -> None:
    now = dt.datetime(2026, 12, 4, 9, 0, tzinfo=dt.UTC)
    feed_id = _feed(engine)
    with write_session(engine) as session:
        record_fetch(session, feed_id, "press", FetchOutcome("ok", http_status=200), now)
        record_page_outcome(
            session, feed_id, "unrendered", "https://j.fr/a", now, reason="JavaScript shell"
        )
    with write_session(engine) as session:
        events = session.scalars(select(FetchEvent).order_by(FetchEvent.id)).all()
        assert [e.status for e in events] == ["ok", "unrendered"]
        assert events[1].error == "unrendered: https://j.fr/a (JavaScript shell)"
        feed = session.get(Feed, feed_id)
        assert feed.status == "ok" and feed.last_error is None
    with write_session(engine) as session, pytest.raises(ValueError):
        record_page_outcome(session, feed_id, "paywalled", "https://j.fr/b", now)


def test_a_crawl_stores_the_article_and_counts_the_template(db_url: str, tmp_path: Path) -> None:
    site = FixtureSite(lifetime=120)
    items = [
        {"title": "Coopération avec Tlemcen", "link": site.url("/actualites/tlemcen")},
        {"title": "Actualité", "link": site.url("/actualites/detail-42")},
    ]
    site.route("/rss.xml", rss(items), content_type="application/rss+xml")
    site.route("/actualites/tlemcen", article_html("Coopération avec Tlemcen", TEXT))
    site.route("/actualites/detail-42", ANGULAR_TEMPLATE)
    entry = source_entry("ville-test", [site.url("/rss.xml")], name="Ville test")
    sources = write_sources(tmp_path / "sources.yaml", [entry])
    env = crawl_env({"DOWNLOAD_TIMEOUT": 10, "RETRY_TIMES": 0})
    with site:
        done = run_aict("crawl", "--sources", str(sources), "--db", db_url, env=env, timeout=180)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "stored 1 article" in done.stdout
    assert "1 unrendered" in done.stdout
    urls = [row[0] for row in query_db(db_url, "SELECT url FROM articles")]
    assert urls == [site.url("/actualites/tlemcen")]
    events = query_db(db_url, "SELECT status, error FROM fetch_events ORDER BY id")
    assert (
        "unrendered",
        f"unrendered: {site.url('/actualites/detail-42')} (template placeholders in the title)",
    ) in [tuple(e) for e in events]

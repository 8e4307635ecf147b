"""`aict sources discover` and a crawl of what it found, on fixture council sites per CMS.

WordPress declares its feed; SPIP, Drupal and Joomla only answer at their conventional paths;
the last site has no feed at all, only a sitemap named in robots.txt and a news listing page.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from crawlers.registry import load_registry
from tests.support.cli import crawl_env, run_aict
from tests.support.sites import FixtureSite, article_html, rss
from tests.support.sources import source_entry, write_sources

NEWS = (
    "Le conseil municipal a adopté le programme des animations de l'hiver, avec un marché de "
    "producteurs chaque samedi, des ateliers pour les enfants et un concert à l'église."
)
CMS = ("wordpress", "spip", "drupal", "joomla", "nofeed")
FEED_PATH = {
    "wordpress": "/feed/",
    "spip": "/spip.php?page=backend",
    "drupal": "/rss.xml",
    "joomla": "/?format=feed&type=rss",
}


def _site(name: str) -> FixtureSite:
    site = FixtureSite(lifetime=60)
    head = (
        '<link rel="alternate" type="application/rss+xml" title="Flux" href="/feed/">'
        if name == "wordpress"
        else ""
    )
    site.route(
        "/",
        f"<html><head>{head}</head><body><nav><a href='/actualites'>Actualités</a>"
        "</nav><main><p>Bienvenue</p></main></body></html>",
    )
    items = [site.url(f"/actualites/nouvelle-{i}") for i in range(3)]
    for i, url in enumerate(items):
        site.route(
            url.removeprefix(site.base),
            article_html(f"Nouvelle {i} de {name}", NEWS.replace("hiver", f"hiver {i}")),
        )
    if name in FEED_PATH:
        site.route(
            FEED_PATH[name],
            rss([{"title": f"N{i}", "link": u} for i, u in enumerate(items)]),
            content_type="application/rss+xml",
        )
    else:
        site.route(
            "/robots.txt",
            f"User-agent: *\nSitemap: {site.url('/plan-du-site.xml')}\n",
            content_type="text/plain",
        )
        urls = "".join(f"<url><loc>{u}</loc><lastmod>2026-11-20</lastmod></url>" for u in items)
        site.route(
            "/plan-du-site.xml",
            '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"{urls}<url><loc>{site.url('/contact')}</loc></url></urlset>",
            content_type="application/xml",
        )
        links = "".join(f'<article><a href="{u}">Nouvelle</a></article>' for u in items)
        site.route("/actualites", f"<html><body><main>{links}</main></body></html>")
    return site


@pytest.fixture
def councils(tmp_path: Path) -> Iterator[tuple[dict[str, FixtureSite], Path]]:
    sites = {name: _site(name) for name in CMS}
    for site in sites.values():
        site.__enter__()
    entries = [
        source_entry(
            f"ville-{name}",
            name=f"Ville {name}",
            kind="council",
            collectivite=f"commune:7306{i}",
            homepage=site.url("/"),
        )
        for i, (name, site) in enumerate(sites.items())
    ]
    path = write_sources(tmp_path / "councils.yaml", entries)
    try:
        yield sites, path
    finally:
        for site in sites.values():
            site.__exit__(None, None, None)


def _aict(*args: str) -> subprocess.CompletedProcess[str]:
    return run_aict(*args, env=crawl_env({"DOWNLOAD_TIMEOUT": 3, "RETRY_TIMES": 0}))


def test_discover_then_crawl(
    councils: tuple[dict[str, FixtureSite], Path], engine: Engine, db_url: str
) -> None:
    sites, path = councils
    load_registry(engine, path)
    result = _aict(
        "sources",
        "discover",
        "--db",
        db_url,
        *[arg for name in CMS for arg in ("--only", f"ville-{name}")],
    )
    assert result.returncode == 0, result.stderr[-3000:]
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT s.slug, f.url, f.kind, f.discovered FROM feeds f JOIN sources s ON s.id = f.source_id "
                "WHERE s.slug LIKE 'ville-%' ORDER BY s.slug, f.kind"
            )
        ).all()
    found = {(slug, kind, url.removeprefix(sites[slug[6:]].base)) for slug, url, kind, _ in rows}
    assert all(bool(d) for *_, d in rows)
    assert {
        ("ville-wordpress", "rss", "/feed/"),
        ("ville-spip", "rss", "/spip.php?page=backend"),
        ("ville-drupal", "rss", "/rss.xml"),
        ("ville-joomla", "rss", "/?format=feed&type=rss"),
        ("ville-nofeed", "sitemap", "/plan-du-site.xml"),
        ("ville-nofeed", "listing", "/actualites"),
    } <= found
    assert len([r for r in rows if r.slug == "ville-wordpress"]) == 1  # no blind probing needed

    crawl = _aict("crawl", "--db", db_url, *[a for n in CMS for a in ("--only", f"ville-{n}")])
    assert crawl.returncode == 0, crawl.stderr[-3000:]
    with engine.connect() as conn:
        per_source = dict(
            conn.execute(
                text(
                    "SELECT s.slug, COUNT(*) FROM articles a JOIN sources s ON s.id = a.source_id "
                    "GROUP BY s.slug"
                )
            ).all()
        )
    assert per_source == {f"ville-{name}": 3 for name in CMS}
    # /contact is undated and not article-like: the plain sitemap's heuristic leaves it out.
    assert sites["nofeed"].hits["/contact"] == 0

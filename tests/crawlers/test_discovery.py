"""`aict sources discover` and a crawl of what it found, on fixture council sites per CMS.

WordPress declares its feed; SPIP, Drupal and Joomla only answer at their conventional paths;
the last site has no feed at all, only a sitemap named in robots.txt and a news listing page.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from sqlalchemy import Engine, text

from crawlers.registry import load_registry
from tests.support.sites import TEST_NETWORK, FixtureSite, article_html, rss

NEWS = (
    "Le conseil municipal a adopté le programme des animations de l'hiver, avec un marché de "
    "producteurs chaque samedi, des ateliers pour les enfants et un concert à l'église."
)
CMS = {"wordpress": 21, "spip": 22, "drupal": 23, "joomla": 24, "nofeed": 25}
FEED_PATH = {
    "wordpress": "/feed/",
    "spip": "/spip.php?page=backend",
    "drupal": "/rss.xml",
    "joomla": "/?format=feed&type=rss",
}


def _site(name: str, n: int) -> FixtureSite:
    site = FixtureSite(f"127.0.30.{n}", lifetime=60)
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
    sites = {name: _site(name, n) for name, n in CMS.items()}
    for site in sites.values():
        site.__enter__()
    entries = [
        {
            "slug": f"ville-{name}",
            "name": f"Ville {name}",
            "kind": "council",
            "collectivite": f"commune:7306{i}",
            "homepage": site.url("/"),
            "feeds": [],
        }
        for i, (name, site) in enumerate(sites.items())
    ]
    path = tmp_path / "councils.yaml"
    path.write_text(yaml.safe_dump({"sources": entries}), encoding="utf-8")
    try:
        yield sites, path
    finally:
        for site in sites.values():
            site.__exit__(None, None, None)


def _aict(*args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "AICT_ALLOW_NETWORKS": TEST_NETWORK,
        "AICT_SCRAPY_SETTINGS": json.dumps({"DOWNLOAD_TIMEOUT": 3, "RETRY_TIMES": 0}),
    }
    return subprocess.run(
        [sys.executable, "-m", "cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )


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

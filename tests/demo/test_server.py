"""The demo web server on loopback: addresses in 127.0.10.0/24, conditional GET, robots, gzip,
the sources file in design.md's format, and a clean, quick start and stop."""

from __future__ import annotations

import datetime as dt
import gzip
import http.client
import time
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest
import yaml

from demoweb.server import DemoWeb

AS_OF = dt.date(2026, 11, 26)
SOURCE_KEYS = {"slug", "name", "kind", "feeds", "homepage", "collectivite", "group",
               "departments", "circulation", "listing_pages", "sitemaps", "enabled"}  # fmt: skip


@pytest.fixture(scope="module")
def web() -> Iterator[DemoWeb]:
    with DemoWeb(AS_OF, small=True, max_lifetime=300) as server:
        yield server


def _get(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=5) as resp:  # noqa: S310 (loopback only)
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_sites_live_on_their_own_127_0_10_address(web: DemoWeb) -> None:
    ips = [host.split(":")[0] for host in web.hosts]
    assert len(set(ips)) == len(ips) >= 16
    assert all(ip.startswith("127.0.10.") for ip in ips) and "127.0.0.2" not in ips
    for host in web.hosts:
        status, _, _ = _get(f"http://{host}/")
        assert status == 200


def test_conditional_get_gives_304(web: DemoWeb) -> None:
    url = web.url("le-phare-de-l-ouest", "/finistere/atom.xml")
    status, headers, body = _get(url)
    assert status == 200 and body.startswith(b"<?xml")
    assert _get(url, **{"If-None-Match": headers["ETag"]})[0] == 304
    assert _get(url, **{"If-Modified-Since": headers["Last-Modified"]})[0] == 304
    assert _get(url, **{"If-None-Match": '"something-else"'})[0] == 200


def test_robots_503_on_the_faulty_site_and_200_elsewhere(web: DemoWeb) -> None:
    assert _get(web.url("ville-d-avignon", "/robots.txt"))[0] == 503
    status, _, body = _get(web.url("ville-de-rennes", "/robots.txt"))
    assert status == 200 and b"Sitemap:" in body


def test_one_feed_answers_500(web: DemoWeb) -> None:
    assert _get(web.url("le-mistral", "/bouches-du-rhone/rss.xml"))[0] == 500
    assert _get(web.url("le-mistral", "/vaucluse/rss.xml"))[0] == 200


def test_gzip_when_asked_and_tracking_parameters_ignored(web: DemoWeb) -> None:
    item = next(t for t in web.ground_truth if t["kind"] == "press")
    status, headers, body = _get(item["url"], **{"Accept-Encoding": "gzip"})
    assert status == 200 and headers.get("Content-Encoding") == "gzip"
    plain = gzip.decompress(body)
    assert _get(item["url"] + "?utm_source=x&utm_medium=y")[2] == plain
    assert _get(item["url"] + "?xtor=RSS-3")[2] == plain
    assert _get(web.url("ville-de-lille", "/nope"))[0] == 404


def test_keep_alive_serves_several_requests_on_one_connection(web: DemoWeb) -> None:
    host, port = web.hosts[0].split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=5)
    for path in ("/", "/robots.txt", "/"):
        conn.request("GET", path)
        assert conn.getresponse().read()
    conn.close()


def test_sources_file_follows_design_md(web: DemoWeb) -> None:
    data = yaml.safe_load(web.sources_file.read_text(encoding="utf-8"))
    sources = data["sources"]
    assert set(data) == {"sources"}
    slugs = [s["slug"] for s in sources]
    assert len(slugs) == len(set(slugs))
    for source in sources:
        assert set(source) <= SOURCE_KEYS
        assert {"slug", "name", "kind", "feeds"} <= set(source)
        assert source["kind"] in ("press", "council")
        for feed in source["feeds"]:
            assert set(feed) == {"url", "kind", "departments"}
            assert feed["kind"] in ("rss", "atom", "sitemap", "listing")
            assert feed["url"].startswith("http://127.0.10.")
        if source["kind"] == "council":
            assert source["homepage"].startswith("http://127.0.10.")
            assert source["collectivite"].split(":")[0] in ("commune", "dep", "reg", "epci")
    assert sum(s["kind"] == "press" for s in sources) >= 6
    assert sum(s["kind"] == "council" for s in sources) >= 10


def test_start_is_fast_and_stop_is_clean() -> None:
    started = time.monotonic()
    server = DemoWeb(AS_OF, small=True, max_lifetime=60)
    with server:
        assert time.monotonic() - started < 2.0
        url = server.url("ville-de-brest")
        assert _get(url)[0] == 200
    with pytest.raises(OSError):
        urllib.request.urlopen(url, timeout=2)  # noqa: S310


def test_max_lifetime_stops_the_server() -> None:
    with DemoWeb(AS_OF, small=True, max_lifetime=0.5) as server:
        url = server.url("ville-de-brest")
        time.sleep(1.5)
        with pytest.raises(OSError):
            urllib.request.urlopen(url, timeout=2)  # noqa: S310

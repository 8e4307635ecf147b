"""The loopback "gap web" of the remaining reliability cases (A3, A5, A9, A18, A20, B10).

Same pattern as :mod:`tests.crawlers.faultweb`: self-stopping fixture sites, one real
``aict crawl`` subprocess per database (then a second one), and the tests assert on what the
servers saw and what was stored. While the crawl runs, :func:`gap_web` also samples the
sockets the crawl process listens on (A20). Built once per database by the session fixture
``gaps`` of ``tests/crawlers/conftest.py``.
"""

from __future__ import annotations

import os
import re
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from tests.conftest import fresh_database, query_db
from tests.support.cli import aict_command, crawl_env
from tests.support.sites import FixtureSite, Route, article_html, loopback_address, redirect, rss
from tests.support.sources import source_entry, write_sources

MIB = 1024 * 1024
SHARED_SITES = 20  # twenty "sites" on one address, distinct ports (A5)
TEXT = (
    "La communauté de communes a présenté jeudi son plan de jumelage avec une ville du Sénégal. "
    "Les écoles des deux territoires échangeront des correspondances et des enseignants pendant "
    "l'année scolaire, avec l'appui d'une association locale de solidarité internationale."
)
# A positive delay, as in production: with DOWNLOAD_DELAY=0 Scrapy 2.19's downloader pops
# every queued request of a slot before the first one is marked as transferring, so the
# per-slot concurrency of 1 is not enforced (see docs/crawling.md, A5).
# AICT_EXTRACT_TIMEOUT: 3 s instead of 30, so the slow page (B10) is killed quickly; every
# other page of this web extracts in milliseconds.
CRAWL_SETTINGS = {
    "DOWNLOAD_TIMEOUT": 5,
    "RETRY_TIMES": 0,
    "DOWNLOAD_DELAY": 0.05,
    "AICT_EXTRACT_TIMEOUT": 3,
}
EXTRACT_TIMEOUT_LINE = re.compile(r"article (\S+): extraction timeout \(3 s\)")


def padded_robots() -> bytes:
    """2 MiB robots.txt: one rule at the top, one after 600 KiB (past our 512 KiB cap)."""
    filler = ("# " + "x" * 98 + "\n").encode()  # 101-byte comment lines
    head = b"User-agent: *\nDisallow: /early\n"
    middle = filler * (600 * 1024 // len(filler))
    tail = filler * ((2 * MIB - len(head) - len(middle)) // len(filler))
    return head + middle + b"Disallow: /late\n" + tail


def oversized(content_type: str, declared: int | None, total: int) -> Route:
    """Streams ``total`` bytes, with a lying-large Content-Length or chunked (``None``)."""

    def handle(req: BaseHTTPRequestHandler) -> None:
        req.send_response(200)
        req.send_header("Content-Type", content_type)
        if declared is None:
            req.send_header("Transfer-Encoding", "chunked")
        else:
            req.send_header("Content-Length", str(declared))
        req.end_headers()
        block = b"<p>" + b"a" * (64 * 1024 - 7) + b"</p>"
        for _ in range(total // len(block)):
            if declared is None:
                req.wfile.write(f"{len(block):x}\r\n".encode() + block + b"\r\n")
            else:
                req.wfile.write(block)
        if declared is None:
            req.wfile.write(b"0\r\n\r\n")
        req.close_connection = True

    return Route(handler=handle)


def rotating_etag(body: bytes) -> Route:
    """The same feed body under a new ETag at every request (a lying validator, A18)."""
    served = [0]

    def handle(req: BaseHTTPRequestHandler) -> None:
        served[0] += 1
        req.send_response(200)
        req.send_header("Content-Type", "application/rss+xml")
        req.send_header("ETag", f'"rev-{served[0]}"')
        req.send_header("Content-Length", str(len(body)))
        req.end_headers()
        req.wfile.write(body)

    return Route(handler=handle)


def deep_page(size: int) -> bytes:
    depth = size // 11
    return (
        b"<!DOCTYPE html><html><head><title>Profond</title></head><body>"
        + b"<div>" * depth
        + TEXT.encode()
        + b"</div>" * depth
        + b"</body></html>"
    )


def slow_page(paragraphs: int = 100_000) -> bytes:
    """9.5 MiB of flat paragraphs: ~28 s of trafilatura work, then discarded by MAX_TREE_SIZE.

    The tree-size bound applies to the extracted tree, after the work, so only our timeout
    bounds this page (B10).
    """
    body = "".join(f"<p>{TEXT[:90]} {n}</p>" for n in range(paragraphs))
    return f"<!DOCTYPE html><html><body><article>{body}</article></body></html>".encode()


class InFlight:
    """Concurrent requests across several sites (one IP), wrapped around their handlers."""

    def __init__(self) -> None:
        self.now = 0
        self.peak = 0
        self.total = 0
        self._lock = threading.Lock()

    def wrap(self, site: FixtureSite) -> None:
        serve = site._serve

        def counted(req: BaseHTTPRequestHandler) -> None:
            with self._lock:
                self.now += 1
                self.total += 1
                self.peak = max(self.peak, self.now)
            try:
                time.sleep(0.02)  # widen the window in which an overlap would show
                serve(req)
            finally:
                with self._lock:
                    self.now -= 1

        site._serve = counted  # type: ignore[method-assign]


def listening_inodes() -> dict[str, str]:
    """Socket inode → local address of every TCP socket in LISTEN state (/proc/net/tcp*)."""
    found: dict[str, str] = {}
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            cols = line.split()
            if len(cols) > 9 and cols[3] == "0A":
                found[cols[9]] = cols[1]
    return found


def process_listeners(pid: int) -> set[str]:
    """Local addresses on which process ``pid`` listens."""
    inodes: set[str] = set()
    try:
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            try:
                target = os.readlink(fd)
            except OSError:
                continue
            if target.startswith("socket:["):
                inodes.add(target[8:-1])
    except OSError:
        return set()
    table = listening_inodes()
    return {table[i] for i in inodes if i in table}


@dataclass
class GapWeb:
    db_url: str
    sites: dict[str, FixtureSite]
    shared: InFlight
    run: subprocess.CompletedProcess[str]
    elapsed: float
    samples: int
    listeners: set[str]
    second: subprocess.CompletedProcess[str]
    counts: list[int]

    def query(self, sql: str, **params: object) -> list:
        return query_db(self.db_url, sql, **params)

    def health(self, slug: str) -> tuple:
        return self.query(
            "SELECT status, last_error FROM v_source_health WHERE source_slug = :s", s=slug
        )[0]

    def article_urls(self, slug: str) -> list[str]:
        rows = self.query(
            "SELECT a.url FROM articles a JOIN sources s ON s.id = a.source_id WHERE s.slug = :s",
            s=slug,
        )
        return sorted(r[0] for r in rows)


def _site(stack: list[FixtureSite], host: str | None = None) -> FixtureSite:
    site = FixtureSite(host, lifetime=90).__enter__()
    stack.append(site)
    return site


def _feed(site: FixtureSite, paths: list[str]) -> None:
    items = [{"title": f"Article {p.strip('/')}", "link": site.url(p)} for p in paths]
    site.route("/rss.xml", rss(items), content_type="application/rss+xml")
    for p in paths:
        site.route(p, article_html(f"Article {p.strip('/')}", TEXT + f"\nPage {p}."))


def _build(stack: list[FixtureSite], shared: InFlight) -> dict[str, FixtureSite]:
    sites: dict[str, FixtureSite] = {}
    big_robots = sites["bigrobots"] = _site(stack)
    big_robots.route("/robots.txt", padded_robots(), content_type="text/plain")
    _feed(big_robots, ["/early", "/late", "/ok"])

    hops = sites["robotshops"] = _site(stack)
    chain = ["/robots.txt", "/r1", "/r2", "/r3", "/r4", "/robots-final"]  # five redirects
    for src, dst in zip(chain, chain[1:], strict=False):
        hops.routes[src] = redirect(hops.url(dst), 301)
    hops.route("/robots-final", "User-agent: *\nDisallow: /blocked\n", content_type="text/plain")
    _feed(hops, ["/blocked", "/fine"])

    huge = sites["hugepage"] = _site(stack)
    _feed(huge, ["/small"])
    huge.route(
        "/rss.xml",
        rss(
            [
                {"title": "Énorme", "link": huge.url("/huge")},
                {"title": "Petit", "link": huge.url("/small")},
            ]
        ),
        content_type="application/rss+xml",
    )
    huge.routes["/huge"] = oversized("text/html; charset=utf-8", 50 * MIB, 24 * MIB)

    hugefeed = sites["hugefeed"] = _site(stack)
    hugefeed.routes["/rss.xml"] = oversized("application/rss+xml", 50 * MIB, 12 * MIB)

    chunked = sites["chunkedfeed"] = _site(stack)
    chunked.routes["/rss.xml"] = oversized("application/rss+xml", None, 12 * MIB)

    deep = sites["deep"] = _site(stack)
    _feed(deep, ["/deep", "/slow", "/flat"])  # one slot: extracted in this order
    deep.route("/deep", deep_page(5 * MIB))
    deep.route("/slow", slow_page())

    etag = sites["rotatingetag"] = _site(stack)
    _feed(etag, ["/e1"])
    etag.routes["/rss.xml"] = rotating_etag(etag.routes["/rss.xml"].body)

    const = sites["constetag"] = _site(stack)
    _feed(const, ["/c1"])
    const.routes["/rss.xml"].headers["ETag"] = '"always-the-same"'

    shared_ip = loopback_address()
    for n in range(SHARED_SITES):
        site = sites[f"shared{n:02d}"] = _site(stack, shared_ip)
        _feed(site, ["/s1", "/s2"])
        shared.wrap(site)
    return sites


def _article_count(web: GapWeb) -> int:
    return int(web.query("SELECT COUNT(*) FROM articles")[0][0])


def _sources_yaml(sites: dict[str, FixtureSite], path: Path) -> None:
    entries = [
        source_entry(f"gap-{name}", [s.url("/rss.xml")], name=f"Gap {name}")
        for name, s in sites.items()
    ]
    write_sources(path, entries)


def _crawl_sampling(
    db_url: str, sources: Path
) -> tuple[subprocess.CompletedProcess[str], float, int, set[str]]:
    env = crawl_env(CRAWL_SETTINGS)
    args = aict_command("crawl", "--sources", str(sources), "--db", db_url)
    start = time.monotonic()
    proc = subprocess.Popen(  # noqa: S603 - our own CLI
        args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    # Sample in a thread: communicate() must drain the pipes while we watch the sockets.
    samples = 0
    listeners: set[str] = set()
    done = threading.Event()

    def watch() -> None:
        nonlocal samples
        while not done.is_set():
            listeners.update(process_listeners(proc.pid))
            samples += 1
            time.sleep(0.1)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        out, err = proc.communicate(timeout=150)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
    done.set()
    watcher.join()
    elapsed = time.monotonic() - start
    return subprocess.CompletedProcess(args, proc.returncode, out, err), elapsed, samples, listeners


@contextmanager
def gap_web(request: pytest.FixtureRequest, tmp: Path) -> Iterator[GapWeb]:
    """The gap web crawled twice on ``request.param``'s database; its sites stop on exit."""
    with fresh_database(request, tmp, "gaps") as db_url:
        stack: list[FixtureSite] = []
        shared = InFlight()
        try:
            sites = _build(stack, shared)
            sources = tmp / "sources.yaml"
            _sources_yaml(sites, sources)
            run, elapsed, samples, listeners = _crawl_sampling(db_url, sources)
            web = GapWeb(db_url, sites, shared, run, elapsed, samples, listeners, run, [])
            web.counts.append(_article_count(web))
            # Between the crawls only "constetag" changes: a new item, the ETag kept (A18).
            const = sites["constetag"]
            const.route(
                "/rss.xml",
                rss(
                    [
                        {"title": "Article c1", "link": const.url("/c1")},
                        {"title": "Article c2", "link": const.url("/c2")},
                    ]
                ),
                content_type="application/rss+xml",
                ETag='"always-the-same"',
            )
            const.route("/c2", article_html("Article c2", TEXT + "\nSuite du dossier."))
            web.second = _crawl_sampling(db_url, sources)[0]
            web.counts.append(_article_count(web))
            yield web
        finally:
            for s in stack:
                s.__exit__(None, None, None)

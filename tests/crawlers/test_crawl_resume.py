"""A17: a crawl interrupted by SIGINT resumes from its job directory without refetching.

One loopback site announces 300 articles in one feed. A real ``aict crawl --jobdir DIR``
subprocess is interrupted once about 100 articles were served (the site's hit counter), the
same command is run again, and the server's counters say what was downloaded twice. While the
first crawl holds the directory, a second crawl on it is refused ("never shared"). The guards
of :mod:`crawlers.jobdir` (private directory, no foreign pickles) are checked directly.
SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from crawlers.jobdir import JobDirError, check_jobdir, has_pending
from crawlers.settings import env_overrides
from tests.conftest import copy_sqlite, fresh_database, query_db
from tests.support.cli import aict_command, crawl_env
from tests.support.sites import FixtureSite, Route, article_html, rss
from tests.support.sources import source_entry, write_sources

PAGES = 300
CONCURRENT_REQUESTS = 16  # production and loopback profile (crawlers/settings.py)
INTERRUPT_AFTER = 100
GATE_AT = 40  # this article is held until the concurrent crawl has been refused
SLUG = "resume-site"
TEXT = (
    "Le conseil municipal a approuvé le renouvellement du jumelage avec une commune du Burkina "
    "Faso. Les deux villes prévoient des échanges scolaires, un chantier de jeunes et un appui "
    "technique au service de l'eau, financés à parts égales pendant trois ans."
)


def _article_path(n: int) -> str:
    return f"/actualites/{n:03d}"


def _env() -> dict[str, str]:
    # Settings of the A-cases tests: short timeouts, no retries; the loopback profile's delay.
    return crawl_env({"DOWNLOAD_TIMEOUT": 10, "RETRY_TIMES": 0})


def page(body: bytes, hold: tuple[threading.Event, threading.Event] | None = None) -> Route:
    """An article page; with ``hold`` = (reached, release), it answers once released."""

    def handle(req: BaseHTTPRequestHandler) -> None:
        if hold is not None:
            hold[0].set()
            hold[1].wait(30)
        req.send_response(200)
        req.send_header("Content-Type", "text/html; charset=utf-8")
        req.send_header("Content-Length", str(len(body)))
        req.end_headers()
        req.wfile.write(body)

    return Route(handler=handle)


@dataclass
class Resumed:
    db_url: str
    site: FixtureSite
    jobdir: Path
    first: subprocess.CompletedProcess[str]
    concurrent: subprocess.CompletedProcess[str]
    second: subprocess.CompletedProcess[str]
    hits_first: dict[str, int]
    stored_first: int
    state_between: set[str]
    pending_between: bool
    state_after: set[str]
    seconds: float

    def stored(self) -> int:
        return _count(self.db_url)

    def article_hits(self) -> dict[str, int]:
        return {p: self.site.hits[p] for p in map(_article_path, range(PAGES))}


def _count(db_url: str) -> int:
    return int(query_db(db_url, "SELECT COUNT(*) FROM articles")[0][0])


def _build_site(reached: threading.Event, release: threading.Event) -> FixtureSite:
    site = FixtureSite(lifetime=120)
    items = [
        {"title": f"Jumelage, épisode {n}", "link": site.url(_article_path(n))}
        for n in range(PAGES)
    ]
    site.route("/rss.xml", rss(items), content_type="application/rss+xml")
    for n in range(PAGES):
        html = article_html(f"Jumelage, épisode {n}", f"{TEXT}\nÉpisode numéro {n} du feuilleton.")
        hold = (reached, release) if n == GATE_AT else None
        site.routes[_article_path(n)] = page(html.encode(), hold)
    return site


def _served(site: FixtureSite) -> int:
    # A slice of the arrivals list is atomic, while the server threads keep appending.
    return sum(1 for path, _ in site.arrivals[:] if path.startswith("/actualites/"))


def _interrupted_run(
    args: list[str], site: FixtureSite, reached: threading.Event, release: threading.Event
) -> tuple[subprocess.CompletedProcess[str], subprocess.CompletedProcess[str]]:
    """Run 1, held at article GATE_AT while a second crawl tries the same job directory."""
    proc = subprocess.Popen(  # noqa: S603 - our own CLI
        args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env()
    )
    try:
        assert reached.wait(60), "the first crawl never reached the held article"
        concurrent = subprocess.run(  # noqa: S603
            args, capture_output=True, text=True, env=_env(), timeout=60, check=False
        )
        release.set()
        deadline = time.monotonic() + 60
        while _served(site) < INTERRUPT_AFTER and time.monotonic() < deadline:
            time.sleep(0.005)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        release.set()
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    return subprocess.CompletedProcess(args, proc.returncode, out, err), concurrent


def _state(jobdir: Path) -> set[str]:
    return {p.name for p in jobdir.iterdir()}


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def resumed(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Resumed]:
    tmp = tmp_path_factory.mktemp("resume")
    with fresh_database(request, tmp, "resume") as db_url:
        reached, release = threading.Event(), threading.Event()
        site = _build_site(reached, release).__enter__()
        try:
            entry = source_entry(SLUG, [site.url("/rss.xml")], name="Resume")
            sources = write_sources(tmp / "sources.yaml", [entry])
            jobdir = tmp / "job"
            args = aict_command(
                "crawl", "--sources", str(sources), "--jobdir", str(jobdir), "--db", db_url
            )
            started = time.monotonic()
            first, concurrent = _interrupted_run(args, site, reached, release)
            hits_first = dict(site.hits)
            stored_first = _count(db_url)
            between, pending = _state(jobdir), has_pending(jobdir)
            second = subprocess.run(  # noqa: S603
                args, capture_output=True, text=True, env=_env(), timeout=120, check=False
            )
            yield Resumed(
                db_url,
                site,
                jobdir,
                first,
                concurrent,
                second,
                hits_first,
                stored_first,
                between,
                pending,
                _state(jobdir),
                time.monotonic() - started,
            )
        finally:
            site.__exit__(None, None, None)


def test_a17_sigint_stops_gracefully_and_says_how_to_resume(resumed: Resumed) -> None:
    first = resumed.first
    assert first.returncode == 1, first.stderr[-3000:]
    assert "Traceback" not in first.stderr
    assert first.stderr.strip().splitlines()[-1] == (
        f"aict: error: crawl interrupted before the end; "
        f"rerun with --jobdir {resumed.jobdir} to resume"
    )
    assert "Unable to serialize request" not in first.stderr  # every request reached the disk
    served = sum(n for p, n in resumed.hits_first.items() if p.startswith("/actualites/"))
    assert INTERRUPT_AFTER <= served < PAGES  # really interrupted mid-run
    # What was downloaded before the signal was stored (in-flight pages finished first).
    assert resumed.stored_first == served
    assert {"requests.queue", "requests.seen", "aict-crawl.lock"} <= resumed.state_between
    assert resumed.pending_between  # the queue of the unfinished articles was saved


def test_a17_jobdir_in_use_is_refused(resumed: Resumed) -> None:
    refused = resumed.concurrent
    assert refused.returncode == 1
    line = refused.stderr.strip()
    assert line.startswith(
        f"aict: error: job directory {resumed.jobdir} is in use by another crawl"
    )
    assert len(line.splitlines()) == 1


def test_a17_resume_does_not_download_again(resumed: Resumed) -> None:
    second = resumed.second
    assert second.returncode == 0, second.stderr[-3000:]
    hits = resumed.article_hits()
    assert min(hits.values()) >= 1  # every article was served at least once
    assert sum(hits.values()) <= PAGES + CONCURRENT_REQUESTS
    assert resumed.stored() == PAGES
    assert resumed.seconds < 60


def test_a17_finished_job_state_is_cleared(resumed: Resumed) -> None:
    # A later run with the same directory is a new job, not a resume of a finished one.
    assert resumed.state_after == {"aict-crawl.lock"}


def test_jobdir_must_be_private(tmp_path: Path) -> None:
    job = tmp_path / "job"
    assert check_jobdir(job) == job.resolve() and (job.stat().st_mode & 0o777) == 0o700
    with pytest.raises(JobDirError, match="not owned by the current user"):
        check_jobdir(job, uid=os.geteuid() + 1)
    (job / "requests.seen").write_text("")
    (job / "requests.seen").chmod(0o666)
    with pytest.raises(JobDirError, match=r"\(requests.seen\) is world-writable"):
        check_jobdir(job)
    (job / "requests.seen").chmod(0o600)
    job.chmod(0o777)
    with pytest.raises(JobDirError, match="is world-writable; it holds pickles"):
        check_jobdir(job)
    (tmp_path / "file").write_text("")
    with pytest.raises(JobDirError, match="is not a directory"):
        check_jobdir(tmp_path / "file")
    with pytest.raises(ValueError, match="JOBDIR is set with `aict crawl --jobdir DIR`"):
        env_overrides({"AICT_SCRAPY_SETTINGS": json.dumps({"JOBDIR": str(job)})})


def test_world_writable_jobdir_is_one_line_exit_1(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    result = subprocess.run(  # noqa: S603
        aict_command("crawl", "--jobdir", str(shared), "--db", f"sqlite:///{tmp_path / 'a.db'}"),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"aict: error: job directory {shared} is world-writable; it holds pickles, "
        "use a private directory"
    )
    assert not (tmp_path / "a.db").exists()  # refused before any work


def test_killed_crawl_loses_nothing_at_the_next_crawl(
    sqlite_template: Path, tmp_path: Path
) -> None:
    """SIGKILL (a lost worker) mid-crawl, no job directory: the feed keeps its old validators,
    so the next crawl re-reads it and fetches every article the killed one had not stored."""
    pages = 40
    path = tmp_path / "aict.db"
    db_url = copy_sqlite(sqlite_template, path)
    reached, release = threading.Event(), threading.Event()
    with FixtureSite(lifetime=120) as site:
        items = [
            {"title": f"Coopération, volet {n}", "link": site.url(_article_path(n))}
            for n in range(pages)
        ]
        site.route("/rss.xml", rss(items), content_type="application/rss+xml")
        for n in range(pages):
            html = article_html(f"Coopération, volet {n}", f"{TEXT}\nVolet numéro {n}.")
            hold = (reached, release) if n == 10 else None
            site.routes[_article_path(n)] = page(html.encode(), hold)
        entry = source_entry("killed-site", [site.url("/rss.xml")], name="Killed")
        sources = write_sources(tmp_path / "sources.yaml", [entry])
        args = aict_command("crawl", "--sources", str(sources), "--db", db_url)
        proc = subprocess.Popen(  # noqa: S603 - our own CLI
            args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_env()
        )
        try:
            assert reached.wait(60), "the crawl never reached the held article"
            proc.kill()
            proc.wait(30)
        finally:
            release.set()
        stored_killed = _count(db_url)
        with sqlite3.connect(path) as conn:
            (last_hash,) = conn.execute("SELECT last_hash FROM feeds").fetchone()
        assert last_hash is None  # the killed crawl did not vouch for the feed
        again = subprocess.run(  # noqa: S603
            args, capture_output=True, text=True, env=_env(), timeout=120, check=False
        )
        assert again.returncode == 0, again.stderr[-2000:]
        assert _count(db_url) == pages > stored_killed
        hits_before_third = sum(site.hits[_article_path(n)] for n in range(pages))
        third = subprocess.run(  # noqa: S603
            args, capture_output=True, text=True, env=_env(), timeout=120, check=False
        )
        assert third.returncode == 0, third.stderr[-2000:]
        with sqlite3.connect(path) as conn:
            (status,) = conn.execute("SELECT status FROM feeds").fetchone()
        assert status == "not_modified"  # validators written once every article was stored
        assert sum(site.hits[_article_path(n)] for n in range(pages)) == hits_before_third

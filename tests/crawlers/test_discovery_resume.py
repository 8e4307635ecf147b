"""A stopped discovery resumes (issue 16 item 8): each site's result is stored as soon as its
discovery ends, and the rerun with ``--skip-since`` probes only the sites not yet settled.

Eight council sites on loopback: seven answer at once, the eighth's homepage hangs until the
test releases it. The discovery is stopped with SIGINT once the seven are settled and the
eighth is released during the graceful stop (a site whose discovery ends after the stop signal
is not recorded: its probes may have been cut). The rerun must not ask the seven homepages
again, and must discover the eighth.
"""

from __future__ import annotations

import re
import signal
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text

from crawlers.registry import load_registry
from demoweb.loopback import LoopbackServers, handler_server
from tests.support.cli import aict_command, crawl_env
from tests.support.sites import loopback_address
from tests.support.sources import source_entry, write_sources

HOSTS = [loopback_address() for _ in range(8)]
HANGING = HOSTS[-1]
RSS = (
    '<?xml version="1.0"?><rss version="2.0"><channel><title>Actualités</title>'
    "<item><title>Conseil municipal</title><link>{base}/actu/1</link></item></channel></rss>"
)


class Web:
    """The eight sites: hits per (host, path); the hanging homepage waits for ``release``."""

    def __init__(self) -> None:
        self.hits: Counter[tuple[str, str]] = Counter()
        self.release = threading.Event()
        self._lock = threading.Lock()
        web = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                web.serve(self)

        self.servers = LoopbackServers(
            HOSTS, handler_server(Handler), lifetime=90, name="discovery-resume"
        )

    def base(self, host: str) -> str:
        return f"http://{host}:{self.servers.port}"

    def serve(self, request: BaseHTTPRequestHandler) -> None:
        host = request.server.server_address[0]
        with self._lock:
            self.hits[(host, request.path)] += 1
        if request.path == "/" and host == HANGING:
            self.release.wait(timeout=60)
        if request.path == "/":
            status, kind = 200, "text/html; charset=utf-8"
            body = (
                '<html><head><link rel="alternate" type="application/rss+xml" href="/feed/">'
                "</head><body><main><p>Bienvenue</p></main></body></html>"
            )
        elif request.path == "/feed/":
            status, kind, body = 200, "application/rss+xml", RSS.format(base=self.base(host))
        else:
            status, kind, body = 404, "text/plain", ""
        data = body.encode("utf-8")
        request.send_response(status)
        request.send_header("Content-Type", kind)
        request.send_header("Content-Length", str(len(data)))
        request.end_headers()
        request.wfile.write(data)

    def homepage_hits(self) -> dict[str, int]:
        with self._lock:
            return {host: self.hits[(host, "/")] for host in HOSTS}


@pytest.fixture
def web(tmp_path: Path, engine: Engine) -> Iterator[Web]:
    web = Web()
    with web.servers:
        entries = [
            source_entry(
                f"ville-{n}",
                name=f"Ville {n}",
                kind="council",
                collectivite=f"commune:7300{n}",
                homepage=web.base(host) + "/",
            )
            for n, host in enumerate(HOSTS)
        ]
        path = write_sources(tmp_path / "councils.yaml", entries)
        load_registry(engine, path)
        try:
            yield web
        finally:
            web.release.set()


def _discover(db_url: str, *args: str) -> subprocess.Popen[str]:
    # Long enough that the hanging homepage is still in flight when the test stops the run.
    env = crawl_env({"DOWNLOAD_TIMEOUT": 50, "RETRY_TIMES": 0})
    return subprocess.Popen(
        aict_command("sources", "discover", "--db", db_url, *args),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _settled(engine: Engine) -> int:
    with engine.connect() as conn:
        query = "SELECT COUNT(*) FROM sources WHERE discovered_at IS NOT NULL"
        return int(conn.execute(text(query)).scalar_one())


def _feeds(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text("SELECT COUNT(*) FROM feeds WHERE discovered")).scalar_one())


def test_a_stopped_discovery_resumes_without_probing_settled_sites_again(
    web: Web, engine: Engine, db_url: str
) -> None:
    first = _discover(db_url)
    deadline = time.monotonic() + 60
    while _settled(engine) < len(HOSTS) - 1 and time.monotonic() < deadline:
        assert first.poll() is None, first.communicate()[1][-2000:]
        time.sleep(0.2)
    assert _settled(engine) == len(HOSTS) - 1
    assert web.hits[(HANGING, "/")] == 1  # its homepage is in flight
    first.send_signal(signal.SIGINT)
    time.sleep(0.5)
    web.release.set()  # answered during the graceful stop: its discovery is not recorded
    _, err = first.communicate(timeout=60)
    assert first.returncode == 1, err[-2000:]
    hint = re.search(
        r"discovery interrupted after 7 of 8 sites; rerun with --skip-since (\S+) to probe only "
        r"the 1 left",
        err,
    )
    assert hint, err[-2000:]
    assert _feeds(engine) == len(HOSTS) - 1  # what was found is stored
    before = web.homepage_hits()
    assert all(before[host] == 1 for host in HOSTS)

    second = _discover(db_url, "--skip-since", hint.group(1))
    out, err = second.communicate(timeout=90)
    assert second.returncode == 0, err[-2000:]
    assert "skipped 7 councils discovered since" in out
    assert f"ville-{len(HOSTS) - 1}\trss\t{web.base(HANGING)}/feed/" in out
    after = web.homepage_hits()
    assert {host: after[host] - before[host] for host in HOSTS} == {
        **{host: 0 for host in HOSTS[:-1]},
        HANGING: 1,
    }
    assert _settled(engine) == len(HOSTS) and _feeds(engine) == len(HOSTS)


def test_skip_since_needs_a_utc_offset(engine: Engine, db_url: str) -> None:
    run = _discover(db_url, "--skip-since", "2026-12-04T21:00:00")
    _, err = run.communicate(timeout=60)
    assert run.returncode == 1
    assert err.strip() == (
        "aict: error: --skip-since '2026-12-04T21:00:00' needs a UTC offset "
        "(e.g. 2026-12-04T21:00:00+00:00)"
    )

"""Loopback server of the demo web: each site on its own address in 127.0.10.0/24, one port.

``DemoWeb`` (a context manager) binds one threaded HTTP server per site, generates the web for
that port, writes a sources file (design.md format) and the ground truth next to it, and serves
with conditional GET (ETag / If-None-Match, Last-Modified / If-Modified-Since → 304), gzip when
asked, and per-site robots.txt (one site answers 503 on purpose). It stops itself after
``max_lifetime`` seconds so a forgotten server never outlives a test run.
``python -m demoweb.server --as-of DATE [--small]`` serves until Ctrl+C.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import signal
import sys
import tempfile
import threading
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from types import TracebackType
from typing import cast
from urllib.parse import parse_qsl, urlencode, urlsplit

from demoweb import model
from demoweb.generate import WebHistory, build_web, site_addresses
from demoweb.loopback import LoopbackServers, QuietServer, bound_address

#: Query parameters a real site ignores when it routes a request (tracking only).
TRACKING_PREFIXES = ("utm_", "xtor", "fbclid", "gclid")
GZIP_TYPES = ("text/", "application/rss", "application/atom", "application/xml")


def _strip_tracking(target: str) -> str:
    parts = urlsplit(target)
    kept = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not k.lower().startswith(TRACKING_PREFIXES)]  # fmt: skip
    return parts.path + ("?" + urlencode(kept) if kept else "")


def _not_modified(resp: model.Response, headers: dict[str, str]) -> bool:
    etag = resp.header("ETag")
    inm = headers.get("if-none-match")
    if inm is not None:
        return etag is not None and (
            inm.strip() == "*" or etag in [t.strip() for t in inm.split(",")]
        )
    ims, modified = headers.get("if-modified-since"), resp.header("Last-Modified")
    if ims and modified:
        try:
            return parsedate_to_datetime(modified) <= parsedate_to_datetime(ims)
        except (TypeError, ValueError):
            return False
    return False


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body are separate writes: Nagle's algorithm would hold each response ~40 ms.
    disable_nagle_algorithm = True
    server_version = "DemoWeb/1.0"
    sys_version = ""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        return  # quiet: crawls make thousands of requests

    @property
    def site(self) -> _SiteServer:
        # Only _SiteServer runs this handler; BaseHTTPRequestHandler types .server as BaseServer.
        return cast(_SiteServer, self.server)

    def _lookup(self) -> model.Response | None:
        pages = self.site.pages
        return pages.get(self.path) or pages.get(_strip_tracking(self.path))

    def do_HEAD(self) -> None:  # noqa: N802
        self._serve(head=True)

    def do_GET(self) -> None:  # noqa: N802
        self._serve(head=False)

    def _serve(self, *, head: bool) -> None:
        resp = self._lookup()
        if resp is None:
            body = b'<!DOCTYPE html><html lang="fr"><body><h1>404</h1><p>Page introuvable</p></body></html>'
            resp = model.Response(404, (("Content-Type", "text/html; charset=utf-8"),), body)
        headers = {k.lower(): v for k, v in self.headers.items()}
        if resp.status == 200 and _not_modified(resp, headers):
            self.send_response(304)
            for name in ("ETag", "Last-Modified", "Cache-Control"):
                if value := resp.header(name):
                    self.send_header(name, value)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = resp.body
        ctype = resp.header("Content-Type") or ""
        gzipped = "gzip" in headers.get("accept-encoding", "") and ctype.startswith(GZIP_TYPES)
        if gzipped:
            body = self.site.gzipped(self.path, resp)
        self.send_response(resp.status)
        for name, value in resp.headers:
            self.send_header(name, value)
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)


class _SiteServer(QuietServer):
    """One demo site: its pages (swapped by ``set_clock``) and their gzipped bodies."""

    def __init__(self, address: tuple[str, int]) -> None:
        super().__init__(address, _Handler)
        self.pages: dict[str, model.Response] = {}
        self._gz: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def gzipped(self, key: str, resp: model.Response) -> bytes:
        etag = (resp.header("ETag") or "") + key
        with self._lock:
            if etag not in self._gz:
                self._gz[etag] = gzip.compress(resp.body, mtime=0)
            return self._gz[etag]


class DemoWeb:
    """Serve the demo web on loopback for the duration of a ``with`` block."""

    def __init__(
        self,
        as_of: dt.date | None = None,
        *,
        small: bool = False,
        seed: int = 7,
        port: int = 0,
        workdir: Path | str | None = None,
        max_lifetime: float = 3600.0,
        outage: tuple[dt.date, dt.date] | None = None,
        history: bool = False,
    ) -> None:
        self.as_of = as_of or dt.date.today()
        # history=True: the web can be served as it stood at any moment (set_clock), with its
        # faulty sites failing only during ``outage``; else it is the web of ``as_of``, faults on.
        self.outage, self.history = outage, history
        self._history: WebHistory | None = None
        self.small, self.seed, self.requested_port = small, seed, port
        self.max_lifetime = max_lifetime
        self._workdir_arg = Path(workdir) if workdir else None
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        self._loopback: LoopbackServers[_SiteServer] | None = None
        self.port = 0
        self.web: model.DemoWeb | None = None
        self.sources_file: Path | None = None
        self.ground_truth_file: Path | None = None

    # --- public surface ----------------------------------------------------------------------

    @property
    def ground_truth(self) -> list[dict]:
        return self._web.ground_truth()

    @property
    def hosts(self) -> list[str]:
        """``127.0.10.N:PORT`` of every site, in sources-file order."""
        return [f"{site.ip}:{self.port}" for site in self._web.sites]

    @property
    def serving(self) -> bool:
        """True until stopped (by the ``with`` block's end, ``stop()`` or the lifetime timer)."""
        return self._loopback is not None and self._loopback.serving

    @property
    def sites(self) -> list[model.Site]:
        return list(self._web.sites)

    def set_clock(self, moment: dt.datetime) -> None:
        """Serve the web as it stood at ``moment`` (only with ``history=True``)."""
        if self._history is None:
            raise RuntimeError("set_clock needs DemoWeb(history=True) in a with block")
        web = self._history.at(moment)
        for server in self._site_servers:
            server.pages = web.pages[bound_address(server)]

    def url(self, slug: str, path: str = "/") -> str:
        site = next(s for s in self._web.sites if s.slug == slug)
        return f"http://{site.ip}:{self.port}{path}"

    @property
    def _site_servers(self) -> list[_SiteServer]:
        return self._loopback.servers if self._loopback is not None else []

    @property
    def _web(self) -> model.DemoWeb:
        if self.web is None:
            raise RuntimeError("DemoWeb is not started (use it in a with block)")
        return self.web

    # --- lifecycle ------------------------------------------------------------------------------

    def __enter__(self) -> DemoWeb:
        self._loopback = LoopbackServers(
            site_addresses(), _SiteServer, port=self.requested_port,
            lifetime=self.max_lifetime, poll_interval=0.2, name="demo-web",
        )  # fmt: skip
        self.port = self._loopback.port
        self.web = build_web(self.as_of, self.seed, small=self.small, port=self.port)
        for server in self._site_servers:
            server.pages = self.web.pages[bound_address(server)]
        if self.history:
            self._history = WebHistory(
                self.as_of, self.seed, small=self.small, port=self.port, outage=self.outage
            )
        self._write_files(self.web)
        self._loopback.start()
        return self

    def _write_files(self, web: model.DemoWeb) -> None:
        """The sources file and the ground truth, in ``workdir`` or a temporary folder."""
        workdir = self._workdir_arg
        if workdir is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="aict-demo-web-")
            workdir = Path(self._tmp.name)
        workdir.mkdir(parents=True, exist_ok=True)
        self.sources_file = workdir / "demo-sources.yaml"
        self.sources_file.write_text(web.sources_yaml(), encoding="utf-8")
        self.ground_truth_file = workdir / "demo-ground-truth.json"
        self.ground_truth_file.write_bytes(web.ground_truth_json())

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def stop(self) -> None:
        """Stop serving (idempotent; also called by the lifetime timer)."""
        if self._loopback is not None:
            self._loopback.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m demoweb.server", description=__doc__)
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date.today())
    parser.add_argument("--small", action="store_true")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--dir", type=Path, default=None, help="where to write the sources file")
    parser.add_argument("--max-lifetime", type=float, default=8 * 3600.0)
    args = parser.parse_args(argv)
    web = DemoWeb(args.as_of, small=args.small, seed=args.seed, port=args.port,
                  workdir=args.dir, max_lifetime=args.max_lifetime)  # fmt: skip
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    with web:
        print(web.sources_file, flush=True)
        print(f"serving {len(web.hosts)} sites on port {web.port}; Ctrl+C to stop", file=sys.stderr)
        while web.serving and not stop.wait(0.5):
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())

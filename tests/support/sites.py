"""Loopback fixture web sites for tests: routes, hit counts, self-stopping, addresses allocated.

Each :class:`FixtureSite` binds an address of the allow-listed test network (127.0.30.0/24)
handed out by :func:`loopback_address` — distinct for every site of the test session, never
hand-picked — serves canned routes, records every request with its arrival time, and shuts
itself down after ``lifetime`` seconds whatever the test does. Binding, serving and stopping
are the shared loopback module's (:mod:`demoweb.loopback`), the port allocated by the system.
:data:`FORBIDDEN_ADDRESS` (127.0.0.2) is outside the test network on purpose: it plays the
internal target the crawler must refuse.
"""

from __future__ import annotations

import ipaddress
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any

from demoweb.loopback import LoopbackServers, handler_server

TEST_NETWORK = "127.0.30.0/24"
#: The internal target of SSRF tests: loopback, but never allow-listed (reliability.md A8).
FORBIDDEN_ADDRESS = "127.0.0.2"
Handler = Callable[[BaseHTTPRequestHandler], None]


class AddressPool:
    """The addresses of a network, each handed out once per test session, in order.

    Distinct addresses keep sites apart where the crawler groups by address (one request in
    flight per IP, quarantine's "another domain"); the ports are the system's.
    """

    def __init__(self, network: str) -> None:
        self.network = network
        self._hosts = ipaddress.ip_network(network).hosts()
        self._lock = threading.Lock()

    def take(self) -> str:
        with self._lock:
            try:
                return str(next(self._hosts))
            except StopIteration:
                raise RuntimeError(f"every address of {self.network} is taken") from None


_POOL = AddressPool(TEST_NETWORK)


def loopback_address() -> str:
    """A test-network address no other site of this test session has had."""
    return _POOL.take()


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    handler: Handler | None = None  # custom behaviour (trickle, redirects computed late…)


class FixtureSite:
    """A tiny HTTP server with canned routes on ``host`` (default: an allocated address)."""

    def __init__(self, host: str | None = None, lifetime: float = 60.0) -> None:
        self.host = host or loopback_address()
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        self.arrivals: list[tuple[str, float]] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self._lock = threading.Lock()
        self.lifetime = lifetime
        site = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body are separate writes: with Nagle's algorithm against the client's
            # delayed ACK every response waited ~40 ms.
            disable_nagle_algorithm = True

            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                site._serve(self)

        self._loopback = LoopbackServers([self.host], handler_server(_Handler), lifetime=lifetime,
                                         name="fixture-site")  # fmt: skip
        self.server = self._loopback.servers[0]
        self.port = self._loopback.port

    @property
    def base(self) -> str:
        return f"http://{self.host}:{self.port}"

    def url(self, path: str) -> str:
        return self.base + path

    def route(
        self,
        path: str,
        body: bytes | str = b"",
        status: int = 200,
        content_type: str = "text/html; charset=utf-8",
        **headers: str,
    ) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = Route(data, status, {"Content-Type": content_type, **headers})

    def _serve(self, req: BaseHTTPRequestHandler) -> None:
        with self._lock:
            self.hits[req.path] += 1
            self.arrivals.append((req.path, time.monotonic()))
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            route = self.routes.get(req.path)
            if route is None:
                req.send_response(404)
                req.send_header("Content-Length", "9")
                req.end_headers()
                req.wfile.write(b"not found")
            elif route.handler is not None:
                route.handler(req)
            else:
                req.send_response(route.status)
                for name, value in route.headers.items():
                    req.send_header(name, value)
                req.send_header("Content-Length", str(len(route.body)))
                req.end_headers()
                req.wfile.write(route.body)
        except (BrokenPipeError, ConnectionResetError):
            pass
        finally:
            with self._lock:
                self.in_flight -= 1

    def __enter__(self) -> FixtureSite:
        self._loopback.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._loopback.stop()


def redirect(location: str, status: int = 302) -> Route:
    def handle(req: BaseHTTPRequestHandler) -> None:
        req.send_response(status)
        req.send_header("Location", location)
        req.send_header("Content-Length", "0")
        req.end_headers()

    return Route(handler=handle)


def trickle(seconds: float = 10.0, interval: float = 0.5) -> Route:
    """Headers at once, then one byte every ``interval`` until ``seconds`` pass (A7)."""

    def handle(req: BaseHTTPRequestHandler) -> None:
        req.send_response(200)
        req.send_header("Content-Type", "application/rss+xml")
        req.send_header("Content-Length", "100000")
        req.end_headers()
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            req.wfile.write(b" ")
            req.wfile.flush()
            time.sleep(interval)

    return Route(handler=handle)


def rss(items: list[dict[str, str]], title: str = "Flux") -> str:
    """A small RSS 2.0 document; each item: link, title, and optional pubDate/updated/guid."""
    parts = [
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>'
        "<link>http://example.invalid/</link><description>d</description>"
    ]
    for item in items:
        extra = f"<pubDate>{item['date']}</pubDate>" if item.get("date") else ""
        parts.append(
            f"<item><title>{item['title']}</title><link>{item['link']}</link>{extra}</item>"
        )
    parts.append("</channel></rss>")
    return "".join(parts)


def article_html(title: str, text: str, *, jsonld: str = "", charset: str = "utf-8") -> str:
    """An article page with realistic markup (header, nav, article, footer)."""
    paragraphs = "".join(f"<p>{p}</p>" for p in text.split("\n") if p)
    return (
        f'<!DOCTYPE html><html lang="fr"><head><meta charset="{charset}"><title>{title}</title>'
        f"{jsonld}</head><body><header><nav><a href='/'>Accueil</a></nav></header>"
        f"<main><article><h1>{title}</h1>{paragraphs}</article></main>"
        "<footer><a href='/mentions-legales'>Mentions légales</a></footer></body></html>"
    )


def truncated(body: bytes, declared: int) -> Route:
    """Declares ``declared`` bytes, sends ``body`` (fewer) and closes: a data-loss response (A10)."""

    def handle(req: BaseHTTPRequestHandler) -> None:
        req.send_response(200)
        req.send_header("Content-Type", "text/html; charset=utf-8")
        req.send_header("Content-Length", str(declared))
        req.end_headers()
        req.wfile.write(body)
        req.wfile.flush()
        req.close_connection = True

    return Route(handler=handle)

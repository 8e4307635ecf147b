"""demoweb.loopback, the one loopback server module: one allocated port for every address,
served until stopped, by the block's end or by the lifetime timer; stop is idempotent."""

from __future__ import annotations

import time
import urllib.request
from http.server import BaseHTTPRequestHandler

from demoweb.loopback import LoopbackServers, handler_server
from tests.support.sites import loopback_address

IPS = [loopback_address(), loopback_address()]


class _Hello(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        body = self.server.server_address[0].encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _get(ip: str, port: int) -> bytes:
    with urllib.request.urlopen(f"http://{ip}:{port}/", timeout=5) as response:
        return response.read()


def test_one_allocated_port_serves_every_address_until_the_block_ends() -> None:
    with LoopbackServers(IPS, handler_server(_Hello), lifetime=30) as web:
        assert web.port > 0 and web.serving
        assert [_get(ip, web.port) for ip in IPS] == [ip.encode() for ip in IPS]
    assert not web.serving
    web.stop()  # idempotent


def test_the_lifetime_timer_stops_a_forgotten_server() -> None:
    web = LoopbackServers(IPS[:1], handler_server(_Hello), lifetime=0.3, poll_interval=0.05)
    web.start()
    deadline = time.monotonic() + 5
    while web.serving and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not web.serving


def test_stopping_servers_never_started_does_not_block() -> None:
    web = LoopbackServers(IPS, handler_server(_Hello))
    started = time.monotonic()
    web.stop()
    assert time.monotonic() - started < 1 and not web.serving

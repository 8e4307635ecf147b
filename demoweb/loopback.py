"""Loopback HTTP servers: the one place the demo web, the crawler tests and the benchmarks bind,
serve and stop their local sites.

:class:`LoopbackServers` binds one threaded HTTP server per loopback address, all on one port —
allocated by the system unless a port is asked for, never hand-picked — serves them on daemon
threads and stops them at the end of a ``with`` block, on :meth:`~LoopbackServers.stop`, or after
``lifetime`` seconds, so a forgotten server never outlives a test run.
"""

from __future__ import annotations

import errno
import socket
import threading
from collections.abc import Callable, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Generic, TypeVar

ServerT = TypeVar("ServerT", bound=ThreadingHTTPServer)
#: Builds the server of one address: ``make((ip, port))``.
ServerFactory = Callable[[tuple[str, int]], ServerT]


def bound_address(server: ThreadingHTTPServer) -> str:
    """The IP address ``server`` listens on (typed ``str | bytes``: bytes only for AF_UNIX)."""
    host = server.server_address[0]
    return host if isinstance(host, str) else bytes(host).decode()


class QuietServer(ThreadingHTTPServer):
    """A threaded server whose request threads never keep the process alive."""

    daemon_threads = True
    allow_reuse_address = True


def handler_server(handler: type[BaseHTTPRequestHandler]) -> ServerFactory[QuietServer]:
    """The factory of a :class:`QuietServer` running ``handler``."""
    return lambda address: QuietServer(address, handler)


def free_port(ip: str) -> int:
    """A port the system says is free on ``ip`` now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((ip, 0))
        return probe.getsockname()[1]


def bind_common_port(
    ips: Sequence[str], make: ServerFactory[ServerT], port: int = 0, attempts: int = 20
) -> tuple[list[ServerT], int]:
    """One server per address, all on ``port`` or, when 0, on a port free on every address."""
    for _attempt in range(attempts):
        chosen = port or free_port(ips[0])
        servers: list[ServerT] = []
        try:
            for ip in ips:
                servers.append(make((ip, chosen)))
        except OSError as error:
            for server in servers:
                server.server_close()
            if error.errno == errno.EADDRINUSE and not port:
                continue
            raise
        return servers, chosen
    raise OSError(errno.EADDRINUSE, f"no common free port on {len(ips)} loopback addresses")


class LoopbackServers(Generic[ServerT]):
    """Servers on loopback addresses sharing one port, served on daemon threads until stopped."""

    def __init__(
        self,
        ips: Sequence[str],
        make: ServerFactory[ServerT],
        *,
        port: int = 0,
        lifetime: float = 3600.0,
        poll_interval: float = 0.5,
        name: str = "loopback",
    ) -> None:
        self.servers, self.port = bind_common_port(ips, make, port)
        self.lifetime, self.poll_interval, self.name = lifetime, poll_interval, name
        self._threads: list[threading.Thread] = []
        self._timer: threading.Timer | None = None

    @property
    def serving(self) -> bool:
        """True until stopped (``stop()``, the ``with`` block's end or the lifetime timer)."""
        return bool(self.servers)

    def start(self) -> LoopbackServers[ServerT]:
        """Serve every address on its own daemon thread; arm the lifetime timer."""
        for server in self.servers:
            thread = threading.Thread(
                target=server.serve_forever, kwargs={"poll_interval": self.poll_interval},
                name=f"{self.name}-{bound_address(server)}", daemon=True,
            )  # fmt: skip
            thread.start()
            self._threads.append(thread)
        self._timer = threading.Timer(self.lifetime, self.stop)
        self._timer.daemon = True
        self._timer.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the sockets (idempotent)."""
        if self._timer is not None:
            self._timer.cancel()
        servers, self.servers = self.servers, []
        started = servers if self._threads else []  # shutdown() blocks on a server never served
        # shutdown() waits up to one poll interval per server: signal them all at once.
        stoppers = [threading.Thread(target=server.shutdown, daemon=True) for server in started]
        for stopper in stoppers:
            stopper.start()
        for stopper in stoppers:
            stopper.join(timeout=5)
        for server in servers:
            server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        self._threads = []

    def __enter__(self) -> LoopbackServers[ServerT]:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

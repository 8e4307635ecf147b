"""Article extraction in a persistent worker process with a per-document timeout (B10).

trafilatura's ``MAX_TREE_SIZE`` bounds the tree it *returns*, not the work done to build it (a
9.5 MiB page of 100,000 paragraphs costs about 28 s before being discarded), and its
``EXTRACTION_TIMEOUT`` only applies to its command line. So :func:`crawlers.extract.extract_page`
runs in one long-lived child process, spawned (never forked from a running reactor) when the
crawl starts and reused for every page. A document that overruns the timeout gets the child
killed and replaced, and fails with :class:`ExtractionTimeout`; the crawl goes on.

:class:`ExtractionWorker` is the blocking parent side, for one thread at a time;
:class:`ExtractionService` drives it from one dedicated thread and hands results back to the
reactor as awaitables, so a slow page never blocks downloads.
"""

from __future__ import annotations

import logging
import multiprocessing
import signal
from concurrent.futures import Future, ThreadPoolExecutor
from multiprocessing.connection import Connection
from typing import Any

from crawlers.records import ExtractedPage

logger = logging.getLogger(__name__)

#: Per-document budget (reliability.md B10), setting ``AICT_EXTRACT_TIMEOUT``.
DEFAULT_TIMEOUT = 30.0
#: Budget for a fresh worker to import trafilatura and say it is ready (not per document).
STARTUP_TIMEOUT = 120.0


class ExtractionFailed(Exception):
    """A page could not be extracted; ``status`` is the reason counted in the crawl summary."""

    status = "extraction error"


class ExtractionTimeout(ExtractionFailed):
    status = "extraction timeout"


def _serve(conn: Connection) -> None:
    """Worker loop: ``(html, url)`` in, ``("ok", page)`` or ``("error", text)`` out."""
    # Ctrl+C reaches the whole process group; the crawl decides when its worker stops.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from crawlers.extract import extract_page

    conn.send(("ready", None))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return  # the crawl process went away
        if job is None:
            return
        html, url = job
        try:
            reply: tuple[str, object] = ("ok", extract_page(html, url))
        except Exception as exc:  # noqa: BLE001 - any parser failure is this page's failure
            reply = ("error", f"{type(exc).__name__}: {exc}"[:300])
        try:
            conn.send(reply)
        except OSError:
            return  # the crawl process died while we worked


class ExtractionWorker:
    """One extraction child process, restarted after a timeout or a crash."""

    def __init__(self, timeout: float = DEFAULT_TIMEOUT) -> None:
        if timeout <= 0:
            raise ValueError(f"extraction timeout must be positive, not {timeout}")
        self.timeout = timeout
        self.restarts = 0
        self._ctx = multiprocessing.get_context("spawn")
        self._proc: Any = None
        self._conn: Connection | None = None
        self._ready = False

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    def start(self) -> None:
        """Spawn the child; it imports trafilatura in the background."""
        ours, theirs = self._ctx.Pipe()
        proc = self._ctx.Process(target=_serve, args=(theirs,), name="aict-extract", daemon=True)
        proc.start()
        theirs.close()  # so a dead child reads as EOF here, not as silence
        self._proc, self._conn, self._ready = proc, ours, False

    def _stop(self) -> None:
        if self._conn is not None:
            self._conn.close()
        if self._proc is not None:
            self._proc.kill()
            self._proc.join(5)
            self._proc.close()
        self._proc, self._conn, self._ready = None, None, False

    def _replace(self) -> None:
        self._stop()
        self.restarts += 1
        self.start()

    def _connection(self) -> Connection:
        if self._proc is None or not self._proc.is_alive():
            if self._proc is not None:
                self._replace()
            else:
                self.start()
        assert self._conn is not None
        if not self._ready:
            # The import time of a fresh child must not count against the first document.
            try:
                if not self._conn.poll(STARTUP_TIMEOUT):
                    raise ExtractionFailed("extraction worker did not start")
                self._conn.recv()
            except (EOFError, OSError):
                self._stop()
                raise ExtractionFailed("extraction worker did not start") from None
            self._ready = True
        return self._conn

    def extract(self, html: str, url: str) -> ExtractedPage:
        """The page, or :class:`ExtractionFailed` (:class:`ExtractionTimeout` past the budget)."""
        conn = self._connection()
        try:
            conn.send((html, url))
        except OSError:  # the child died while idle: nothing was lost, send again once
            self._replace()
            conn = self._connection()
            conn.send((html, url))
        try:
            if not conn.poll(self.timeout):
                self._replace()
                raise ExtractionTimeout(f"extraction timeout ({self.timeout:g} s)")
            kind, value = conn.recv()
        except (EOFError, OSError):
            self._replace()
            raise ExtractionFailed("extraction worker died on this page") from None
        if kind != "ok":
            raise ExtractionFailed(f"extraction error: {value}")
        return value

    def close(self) -> None:
        """Ask the child to stop, then make sure it has."""
        if self._conn is not None:
            try:
                self._conn.send(None)
            except OSError:
                pass
        if self._proc is not None:
            self._proc.join(2)
        self._stop()


class ExtractionService:
    """The worker behind one dedicated thread, awaitable from the reactor (Scrapy callbacks)."""

    def __init__(self, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.worker = ExtractionWorker(timeout)
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="aict-extract")

    def start(self) -> None:
        self._thread.submit(self.worker.start).result()

    async def extract(self, html: str, url: str) -> ExtractedPage:
        from scrapy.utils.defer import maybe_deferred_to_future
        from twisted.internet import reactor
        from twisted.internet.defer import Deferred

        done: Deferred[ExtractedPage] = Deferred()

        def settle(future: Future[ExtractedPage]) -> None:
            exc = future.exception()
            if exc is not None:
                done.errback(exc)
            else:
                done.callback(future.result())

        future = self._thread.submit(self.worker.extract, html, url)
        future.add_done_callback(lambda f: reactor.callFromThread(settle, f))  # type: ignore[attr-defined]
        return await maybe_deferred_to_future(done)

    def close(self) -> None:
        self._thread.submit(self.worker.close)
        self._thread.shutdown(wait=True)
        if self.worker.restarts:
            logger.info("extraction worker replaced %d times", self.worker.restarts)

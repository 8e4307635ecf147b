"""Article extraction in a persistent worker process with a per-document timeout (B10).

trafilatura's ``MAX_TREE_SIZE`` bounds the tree it *returns*, not the work done to build it (a
9.5 MiB page of 100,000 paragraphs costs about 28 s before being discarded), and its
``EXTRACTION_TIMEOUT`` only applies to its command line. So :func:`crawlers.extract.extract_page`
runs in one long-lived child process, spawned (never forked from a running reactor) when the
crawl starts and reused for every page. A document that overruns the timeout gets the child
killed and replaced, and fails with :class:`ExtractionTimeout`; the crawl goes on.

Extraction that cannot work *here* (a module missing, a worker that cannot start or cannot
extract a tiny known page) is not a page's failure: every fresh worker checks its environment
before it says it is ready, and the parent raises :class:`ExtractionUnavailable`, once and for
good (issue 12). ``aict crawl`` checks the worker before its first request and exits 1; a worker
replaced in the middle of a crawl that cannot start any more stops the crawl, and the feeds of
its pages keep their old validators so that the next crawl fetches them again.

:class:`ExtractionWorker` is the blocking parent side, for one thread at a time;
:class:`ExtractionService` drives it from one dedicated thread and hands results back to the
reactor as awaitables, so a slow page never blocks downloads.
"""

from __future__ import annotations

import importlib
import logging
import multiprocessing
import signal
from concurrent.futures import Future, ThreadPoolExecutor
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any

from crawlers.records import ExtractedPage

if TYPE_CHECKING:  # for the type only: Scrapy is imported where the crawl needs it
    from scrapy.settings import BaseSettings

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


class ExtractionUnavailable(ExtractionFailed):
    """Extraction cannot work in this environment (not this page's fault): fatal for a crawl."""

    status = "extraction unavailable"


#: What extraction imports, in dependency order, with the distribution that provides each:
#: justext imports ``lxml.html.clean``, a separate distribution since lxml 5.2 that the pip
#: bundled with Python 3.11 (23.2) does not install through justext's ``lxml[html_clean]``.
REQUIRED_MODULES = {
    "lxml": "lxml",
    "lxml_html_clean": "lxml_html_clean",
    "justext": "jusText",
    "htmldate": "htmldate",
    "courlan": "courlan",
    "trafilatura": "trafilatura",
    "parsel": "parsel",
}
#: The known page every fresh worker must extract before it says it is ready.
PROBE_URL = "https://example.org/actualites/verification"
PROBE_SENTENCE = "La commune a signé une convention de coopération avec une ville du Bénin."
PROBE_HTML = (
    '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Vérification</title>'
    "</head><body><nav><a href='/'>Accueil</a></nav><main><article><h1>Vérification</h1>"
    f"<p>{PROBE_SENTENCE}</p><p>Le programme porte sur l'eau potable, la formation des agents "
    "municipaux et des échanges scolaires entre les deux villes pendant trois ans.</p>"
    "</article></main><footer>Mentions légales</footer></body></html>"
)


def _one_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {lines[0] if lines else ''}".rstrip(": ")[:300]


def environment_problem() -> str | None:
    """Why extraction cannot work in this process (one line), or None when it can."""
    for module in REQUIRED_MODULES:
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            missing = exc.name or module
            top = missing.split(".")[0]
            return f"No module named {missing!r} (install {REQUIRED_MODULES.get(top, top)})"
        except Exception as exc:  # noqa: BLE001 - a module that fails to import, whatever why
            return f"cannot import {module}: {_one_line(exc)}"
    try:
        from crawlers.extract import extract_page

        page = extract_page(PROBE_HTML, PROBE_URL)
    except Exception as exc:  # noqa: BLE001 - the known page must extract, or nothing will
        return f"the check page could not be extracted: {_one_line(exc)}"
    if PROBE_SENTENCE not in page.text:
        return "the check page gave no text (trafilatura returned nothing)"
    return None


def _serve(conn: Connection) -> None:
    """Worker loop: ``(html, url)`` in, ``("ok", page)`` or ``("error", text)`` out.

    First message: ``("ready", None)``, or ``("unavailable", why)`` and the worker exits.
    """
    # Ctrl+C reaches the whole process group; the crawl decides when its worker stops.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    problem = environment_problem()
    try:
        if problem is not None:
            conn.send(("unavailable", problem))
            return
        from crawlers.extract import extract_page

        conn.send(("ready", None))
    except OSError:
        return  # the crawl stopped while we started (a quick SIGTERM): nothing to report
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
        self._start_error: str | None = None
        #: Why extraction cannot work here; once set, every page fails at once with it.
        self.unavailable: str | None = None

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    def start(self) -> None:
        """Spawn the child; it imports trafilatura and checks itself in the background."""
        ours, theirs = self._ctx.Pipe()
        proc = self._ctx.Process(target=_serve, args=(theirs,), name="aict-extract", daemon=True)
        try:
            proc.start()
        except OSError as exc:  # no process at all (memory, process limit): said by check()
            ours.close()
            theirs.close()
            self._start_error = f"extraction worker did not start: {exc}"
            self._proc, self._conn, self._ready = None, None, False
            return
        theirs.close()  # so a dead child reads as EOF here, not as silence
        self._proc, self._conn, self._ready = proc, ours, False
        self._start_error = None

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

    def _unavailable(self, problem: str) -> ExtractionUnavailable:
        self._stop()
        self.unavailable = problem  # said once by the caller (the CLI, the spider's log)
        return ExtractionUnavailable(problem)

    def _await_ready(self) -> Connection:
        """Wait for a fresh child's first message (its import time is no page's budget).

        A child that says why it cannot work makes extraction unavailable at once; one that
        dies silently while starting (killed, crashed) is given one more try.
        """
        for attempt in (1, 2):
            if self._conn is None:
                raise self._unavailable(self._start_error or "extraction worker did not start")
            try:
                if not self._conn.poll(STARTUP_TIMEOUT):
                    raise self._unavailable(
                        f"extraction worker did not start within {STARTUP_TIMEOUT:g} s"
                    )
                kind, value = self._conn.recv()
            except (EOFError, OSError):
                code = None
                if self._proc is not None:
                    self._proc.join(5)
                    code = self._proc.exitcode
                if attempt == 2:
                    raise self._unavailable(
                        f"extraction worker exited while starting (exit code {code})"
                    ) from None
                logger.info("extraction worker exited while starting (exit code %s)", code)
                self._replace()
                continue
            if kind != "ready":
                raise self._unavailable(str(value))
            self._ready = True
            return self._conn
        raise AssertionError("unreachable")

    def _connection(self) -> Connection:
        if self.unavailable is not None:
            raise ExtractionUnavailable(self.unavailable)
        if self._proc is None:
            self.start()
        elif self._ready and not self._proc.is_alive():
            self._replace()  # died while idle
        if not self._ready:
            return self._await_ready()
        assert self._conn is not None
        return self._conn

    def check(self) -> None:
        """Start the worker if needed and wait until it is ready; else ExtractionUnavailable."""
        self._connection()

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
        if not self._ready:  # still starting (or never started): nothing to finish, no wait
            self._stop()
            return
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
        self._closed = False

    @classmethod
    def started(cls, settings: BaseSettings) -> ExtractionService:
        """A service started with the crawl settings' ``AICT_EXTRACT_TIMEOUT`` (not checked:
        if it cannot work, the first page says so and stops the crawl)."""
        service = cls(settings.getfloat("AICT_EXTRACT_TIMEOUT", DEFAULT_TIMEOUT))
        service.start()
        return service

    def start(self) -> None:
        self._thread.submit(self.worker.start).result()

    def check(self) -> None:
        """Wait until the worker is ready (:class:`ExtractionUnavailable` when it cannot be)."""
        self._thread.submit(self.worker.check).result()

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
        future.add_done_callback(lambda f: reactor.callFromThread(settle, f))
        return await maybe_deferred_to_future(done)

    def close(self) -> None:
        """Stop the worker (idempotent)."""
        if self._closed:
            return
        self._closed = True
        self._thread.submit(self.worker.close)
        self._thread.shutdown(wait=True)
        if self.worker.restarts:
            logger.info("extraction worker replaced %d times", self.worker.restarts)

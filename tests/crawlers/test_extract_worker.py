"""B10: the extraction worker process, its timeout, and its replacement after a kill or a crash.

One real worker (spawned child running trafilatura) for the module; the slow input is a page
of flat paragraphs, which trafilatura processes in full before ``MAX_TREE_SIZE`` discards it.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator

import pytest

from crawlers.extract_worker import ExtractionFailed, ExtractionTimeout, ExtractionWorker
from tests.support.sites import article_html

TEXT = (
    "La région a signé avec la province de Luang Prabang une convention de coopération pour "
    "la formation des guides du patrimoine, avec des stages croisés pendant deux saisons."
)
SLOW_PAGE = (
    "<html><body><article>"
    + "".join(f"<p>{TEXT} {n}</p>" for n in range(45_000))  # ~10 s of work in one piece
    + "</article></body></html>"
)


@pytest.fixture(scope="module")
def worker() -> Iterator[ExtractionWorker]:
    w = ExtractionWorker(timeout=1.0)
    w.start()
    yield w
    w.close()


def _article(n: int) -> str:
    return article_html(f"Coopération au Laos, volet {n}", f"{TEXT}\nVolet {n}.")


def test_pages_extract_in_the_worker(worker: ExtractionWorker) -> None:
    page = worker.extract(_article(1), "https://www.region.fr/actualites/laos-1")
    assert page.title == "Coopération au Laos, volet 1"
    assert "Luang Prabang" in page.text and page.text.endswith("Volet 1.")
    assert worker.pid != os.getpid()


def test_timeout_kills_and_replaces_the_worker(worker: ExtractionWorker) -> None:
    before, restarts = worker.pid, worker.restarts
    started = time.monotonic()
    with pytest.raises(ExtractionTimeout, match=r"extraction timeout \(1 s\)") as caught:
        worker.extract(SLOW_PAGE, "https://www.region.fr/actualites/lent")
    assert 1.0 <= time.monotonic() - started < 5
    assert caught.value.status == "extraction timeout"
    assert worker.restarts == restarts + 1 and worker.pid != before
    with pytest.raises(ProcessLookupError):
        os.kill(before, 0)  # the old worker is gone, not left running
    assert "Volet 2." in worker.extract(_article(2), "https://www.region.fr/a/2").text


def test_worker_crash_fails_one_page_only(worker: ExtractionWorker) -> None:
    worker.timeout = 20.0
    try:
        victim = worker.pid
        assert victim is not None
        killer = threading.Timer(0.5, os.kill, (victim, signal.SIGKILL))
        killer.start()
        with pytest.raises(ExtractionFailed, match="worker died"):
            worker.extract(SLOW_PAGE, "https://www.region.fr/actualites/lent")
        killer.join()
        # Killed while idle (the OOM killer, an operator): the next page does not notice.
        os.kill(worker.pid, signal.SIGKILL)
        time.sleep(0.1)
        assert "Volet 3." in worker.extract(_article(3), "https://www.region.fr/a/3").text
    finally:
        worker.timeout = 1.0


def test_worker_ignores_ctrl_c(worker: ExtractionWorker) -> None:
    # Ctrl+C reaches the whole process group; the crawl, not the worker, decides to stop.
    pid = worker.pid
    assert pid is not None
    worker.extract(_article(4), "https://www.region.fr/a/4")  # surely past its start-up
    os.kill(pid, signal.SIGINT)
    time.sleep(0.1)
    assert "Volet 5." in worker.extract(_article(5), "https://www.region.fr/a/5").text
    assert worker.pid == pid


def test_timeout_must_be_positive() -> None:
    with pytest.raises(ValueError, match="must be positive"):
        ExtractionWorker(timeout=0)

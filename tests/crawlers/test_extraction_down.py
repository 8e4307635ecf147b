"""Issue 12, item 1: extraction that cannot work is fatal, never "0 failed" with data lost.

The broken environment is real: a ``sitecustomize`` shim (:mod:`tests.crawlers.envshim`) on
``PYTHONPATH`` makes ``import lxml_html_clean`` fail as when the distribution is missing, so
justext, hence trafilatura, cannot import in the extraction worker. Production code has no test
flag.

- Before the first request: ``aict crawl`` exits 1 with one line naming the module, the site
  gets no request and the database is untouched; the next crawl with a working extractor
  stores every article.
- In the middle of a crawl (the worker is killed and its replacement cannot import): the crawl
  stops, exits 1, the feed keeps its old validators, and the next crawl stores every article.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from tests.conftest import copy_sqlite, query_db
from tests.crawlers.envshim import missing_module_shim, with_shim
from tests.support.cli import aict_command, crawl_env
from tests.support.sites import FixtureSite, Route, article_html, rss
from tests.support.sources import source_entry, write_sources

SLUG = "extraction-down"
TEXT = (
    "Le département a signé une convention de coopération décentralisée avec une région du "
    "Sénégal. Elle porte sur la gestion de l'eau, la formation des agents et des échanges "
    "entre collèges, avec un comité de suivi qui se réunira deux fois par an."
)
TABLES = ("sources", "feeds", "fetch_events", "articles", "article_versions", "raw_pages")


def _env() -> dict[str, str]:
    return crawl_env({"DOWNLOAD_TIMEOUT": 10, "RETRY_TIMES": 0})


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own CLI
        args, capture_output=True, text=True, env=env, timeout=180, check=False
    )


def _counts(db_url: str) -> dict[str, int]:
    return {t: int(query_db(db_url, f"SELECT COUNT(*) FROM {t}")[0][0]) for t in TABLES}


def _path(n: int) -> str:
    return f"/actualites/cooperation-{n:02d}"


def _site(pages: int) -> FixtureSite:
    site = FixtureSite(lifetime=150)
    items = [{"title": f"Coopération, volet {n}", "link": site.url(_path(n))} for n in range(pages)]
    site.route("/rss.xml", rss(items), content_type="application/rss+xml", ETag='"v1"')
    for n in range(pages):
        site.route(_path(n), article_html(f"Coopération, volet {n}", f"{TEXT}\nVolet {n}."))
    return site


def _sources_file(tmp_path: Path, site: FixtureSite) -> Path:
    entry = source_entry(SLUG, [site.url("/rss.xml")], name="Extraction down")
    return write_sources(tmp_path / "sources.yaml", [entry])


def _feed_validators(db_url: str) -> tuple[str | None, str | None]:
    rows = query_db(
        db_url,
        "SELECT f.etag, f.last_hash FROM feeds f JOIN sources s ON s.id = f.source_id "
        "WHERE s.slug = :slug",
        slug=SLUG,
    )
    assert len(rows) == 1
    return rows[0][0], rows[0][1]


def _stored(db_url: str) -> int:
    return int(query_db(db_url, "SELECT COUNT(*) FROM articles")[0][0])


def test_extraction_down_is_fatal_before_any_request_and_loses_nothing(
    db_url: str, tmp_path: Path
) -> None:
    pages = 6
    shim = missing_module_shim(tmp_path / "shim", "lxml_html_clean")
    before = _counts(db_url)
    with _site(pages) as site:
        args = aict_command(
            "crawl", "--sources", str(_sources_file(tmp_path, site)), "--db", db_url
        )

        down = _run(args, with_shim(_env(), shim))
        assert down.returncode == 1, (down.stdout, down.stderr[-3000:])
        lines = down.stderr.strip().splitlines()
        assert lines == [
            "aict: error: extraction is unavailable: No module named 'lxml_html_clean' "
            "(install lxml_html_clean)"
        ], down.stderr[-3000:]
        assert down.stdout == ""
        assert sum(site.hits.values()) == 0  # checked before the first request (robots.txt too)
        assert _counts(db_url) == before  # nothing written: no source, feed, event or article

        up = _run(args, _env())
        assert up.returncode == 0, up.stderr[-3000:]
        assert f"stored {pages} articles" in up.stdout
        assert _stored(db_url) == before["articles"] + pages
        etag, last_hash = _feed_validators(db_url)
        assert etag == '"v1"' and last_hash is not None  # answered: validators saved


def _worker_pids(parent: int) -> list[int]:
    """The extraction worker(s): spawned multiprocessing children of the crawl process."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == parent and b"spawn_main" in cmdline:
            found.append(int(entry.name))
    return found


def _gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return True
    return state in ("Z", "X")


def test_extraction_down_mid_crawl_keeps_the_feed_unanswered(
    sqlite_template: Path, tmp_path: Path
) -> None:
    """Environment failure after the start-up check: the worker is killed while the package is
    "uninstalled", so its replacement cannot import. The pages it cannot extract do not count
    as answered: the feed's validators stay unsaved and the next crawl stores every article."""
    pages, break_at = 8, 4
    db_url = copy_sqlite(sqlite_template, tmp_path / "aict.db")
    marker = tmp_path / "lxml_html_clean-uninstalled"
    shim = missing_module_shim(tmp_path / "shim", "lxml_html_clean", marker=marker)
    crawl: dict[str, int] = {}
    killed: list[int] = []

    with _site(pages) as site:
        body = article_html(f"Coopération, volet {break_at}", f"{TEXT}\nVolet {break_at}.")
        data = body.encode()

        def break_environment(req: BaseHTTPRequestHandler) -> None:
            if not marker.exists():
                marker.touch()  # the package disappears (an upgrade in progress, a bad deploy)
                for pid in _worker_pids(crawl["pid"]):
                    os.kill(pid, signal.SIGKILL)  # and the running worker is lost (OOM killer)
                    killed.append(pid)
                deadline = time.monotonic() + 10
                while not all(map(_gone, killed)) and time.monotonic() < deadline:
                    time.sleep(0.01)
            req.send_response(200)
            req.send_header("Content-Type", "text/html; charset=utf-8")
            req.send_header("Content-Length", str(len(data)))
            req.end_headers()
            req.wfile.write(data)

        site.routes[_path(break_at)] = Route(handler=break_environment)
        args = aict_command(
            "crawl", "--sources", str(_sources_file(tmp_path, site)), "--db", db_url
        )
        proc = subprocess.Popen(  # noqa: S603 - our own CLI
            args,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=with_shim(_env(), shim),
        )
        crawl["pid"] = proc.pid
        try:
            out, err = proc.communicate(timeout=180)
        finally:
            proc.kill()
        assert killed, "the extraction worker was not found"
        assert proc.returncode == 1, (out, err[-3000:])
        last = err.strip().splitlines()[-1]
        assert last.startswith(
            "aict: error: extraction became unavailable during the crawl: "
            "No module named 'lxml_html_clean' (install lxml_html_clean)"
        ), err[-3000:]
        assert "Traceback" not in err
        assert "extraction unavailable" in out  # counted as failed in the summary
        assert "1 failed" in out
        stored_down = _stored(db_url)
        assert stored_down < pages
        assert _feed_validators(db_url) == (None, None)  # the feed was not answered

        marker.unlink()  # reinstalled
        up = _run(args, with_shim(_env(), shim))
        assert up.returncode == 0, up.stderr[-3000:]
        assert _stored(db_url) == pages  # nothing lost
        assert _feed_validators(db_url)[1] is not None
        hits = sum(site.hits[_path(n)] for n in range(pages))
        again = _run(args, _env())
        assert again.returncode == 0, again.stderr[-3000:]
        assert sum(site.hits[_path(n)] for n in range(pages)) == hits  # now not modified


@pytest.mark.parametrize("module", ["lxml_html_clean", "trafilatura"])
def test_worker_names_the_missing_module(
    module: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from crawlers.extract_worker import ExtractionUnavailable, ExtractionWorker

    shim = missing_module_shim(tmp_path / "shim", module)
    monkeypatch.setenv("PYTHONPATH", with_shim(dict(os.environ), shim)["PYTHONPATH"])
    worker = ExtractionWorker(timeout=5)
    worker.start()
    try:
        with pytest.raises(ExtractionUnavailable) as caught:
            worker.check()
        assert str(caught.value) == f"No module named {module!r} (install {module})"
        assert caught.value.status == "extraction unavailable"
        started = time.monotonic()
        with pytest.raises(ExtractionUnavailable):  # sticky: no new worker for every page
            worker.extract("<html></html>", "https://example.org/")
        assert time.monotonic() - started < 0.5
    finally:
        worker.close()


def test_a_working_worker_passes_its_check() -> None:
    from crawlers.extract_worker import ExtractionWorker

    worker = ExtractionWorker(timeout=5)
    worker.start()
    try:
        worker.check()
        assert worker.unavailable is None
        page = worker.extract(article_html("Titre", f"{TEXT}\nFin."), "https://example.org/a")
        assert page.text.endswith("Fin.")
    finally:
        worker.close()

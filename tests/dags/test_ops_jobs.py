"""Job directories of DAG crawls and the graceful stop of ``run_aict`` (reliability.md A17).

The path helper and the pruning are checked on a temporary directory. Then a real
``aict crawl --jobdir DIR`` runs through :func:`run_aict` against a loopback site whose article
pages answer slowly. It is stopped by run_aict's own timeout, by Airflow's ``execution_timeout``
raising inside the task, by SIGINT to the task's whole process group (Ctrl+C), by SIGTERM to
the task's PID only (Airflow's supervisor), by a SIGKILL of the task (the crawl hears it through
PR_SET_PDEATHSIG), and finally runs to the end. The site's counters say what was downloaded twice;
the database says what was stored. SQLite only, to stay fast (the crawl side is checked on
both dialects in tests/crawlers/test_crawl_resume.py).
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from types import SimpleNamespace

import pytest

from crawlers.jobdir import LOCK_NAME, has_pending, jobs_root, prune_jobdirs
from orchestration.jobs import batch_key, job_path, path_component, task_jobdir
from orchestration.runner import CommandFailed, default_grace, run_aict
from tests.crawlers.test_crawl_resume import CONCURRENT_REQUESTS, TEXT, _count
from tests.support.sites import TEST_NETWORK, FixtureSite, Route, article_html, rss
from tests.support.sources import source_entry, write_sources

AT = dt.datetime(2026, 11, 26, 3, 0, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)
RUN_ID = "scheduled__2026-11-26T10:00:00+00:00"


def ti(run_id: str = RUN_ID, map_index: int = 3) -> SimpleNamespace:
    """The attributes of Airflow's RuntimeTaskInstance that the helper reads."""
    return SimpleNamespace(
        dag_id="aict_crawl_press", run_id=run_id, task_id="crawl", map_index=map_index
    )


# --- the path of a task instance's job directory -------------------------------------------


def test_run_ids_become_one_safe_path_component() -> None:
    name = path_component(RUN_ID)
    assert name.startswith("scheduled__2026-11-26T10-00-00-00-00-")
    assert "/" not in name and ":" not in name and "+" not in name
    assert path_component("aict_crawl_press") == "aict_crawl_press"  # safe ids stay readable
    # Ids that differ only in punctuation never share a directory.
    assert path_component("manual__2026-11-26T10:00:00") != path_component(
        "manual__2026-11-26T10-00-00"
    )
    assert path_component(RUN_ID) == name  # stable: a retry finds the same directory
    for hostile in ("..", ".", "../../etc", "/etc/passwd", "a/../../b", "", "\x00", "é" * 300):
        part = path_component(hostile)
        assert part not in ("", ".", "..") and "/" not in part and "\x00" not in part
        assert len(part) <= 100


def test_job_path_stays_under_the_root_and_is_the_same_for_retries(tmp_path: Path) -> None:
    root = tmp_path / "jobs"
    path = job_path(root, "aict_crawl_press", RUN_ID, "crawl", 3)
    assert path.parent.parent.parent == root
    assert path.name == "crawl-3" and path.parent.name == path_component(RUN_ID)
    assert job_path(root, "d", "r", "crawl", -1).name == "crawl-unmapped"
    assert job_path(root, "d", "r", "crawl", 0) != job_path(root, "d", "r", "crawl", 1)
    evil = job_path(root, "../..", "../../../tmp", "../x", 0)
    assert evil.resolve().is_relative_to(root.resolve()) and len(evil.relative_to(root).parts) == 3

    made = task_jobdir(ti(), root=root)
    assert made == path and task_jobdir(ti(), root=root) == path  # a retry: the same directory
    # A cleared run may give map index 3 other sources: another directory, not the old queue.
    batch = job_path(root, "aict_crawl_press", RUN_ID, "crawl", 3, ["le-progres", "ouest-france"])
    assert batch.name == f"crawl-3-{batch_key(['ouest-france', 'le-progres'])}" != path.name
    assert batch != job_path(root, "aict_crawl_press", RUN_ID, "crawl", 3, ["le-progres"])
    assert not made.exists()  # `aict crawl --jobdir` creates and checks the leaf itself
    for level in (root, made.parent.parent, made.parent):
        assert level.stat().st_mode & 0o777 == 0o700


def test_jobs_root_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("AICT_JOBS_DIR", str(tmp_path / "j"))
    assert jobs_root() == tmp_path / "j"
    monkeypatch.delenv("AICT_JOBS_DIR")
    monkeypatch.setenv("AIRFLOW_HOME", str(tmp_path / "home"))
    assert jobs_root() == tmp_path / "home" / "aict-jobs"


# --- pruning ---------------------------------------------------------------------------------


def _age(path: Path, days: float) -> None:
    """Set the mtime of ``path`` and everything under it to ``days`` before AT."""
    stamp = (AT - days * DAY).timestamp()
    for item in [path, *path.rglob("*")]:
        os.utime(item, (stamp, stamp), follow_symlinks=False)


def test_prune_removes_runs_untouched_for_a_week_only(tmp_path: Path) -> None:
    root = tmp_path / "jobs"
    old = task_jobdir(ti("old"), root=root)
    recent = task_jobdir(ti("recent"), root=root)
    touched = task_jobdir(ti("touched"), root=root)
    busy = task_jobdir(ti("busy"), root=root)
    for job in (old, recent, touched, busy):
        job.mkdir(mode=0o700)
        (job / "requests.seen").write_text("fingerprints\n")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("not a job")
    (old / "link").symlink_to(outside)
    _age(old.parent, 8)
    _age(recent.parent, 6)
    _age(touched.parent, 30)
    (touched / "requests.seen").touch()  # one file changed yesterday: the run is still live
    os.utime(touched / "requests.seen", ((AT - DAY).timestamp(),) * 2)
    _age(busy.parent, 30)
    fd = os.open(busy / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)  # a crawl holds it
    try:
        _age(busy.parent, 30)
        removed = prune_jobdirs(root, AT)
    finally:
        os.close(fd)
    assert removed == [old.parent]
    assert not old.parent.exists()
    assert recent.exists() and touched.exists() and busy.exists()
    assert (outside / "keep.txt").exists()  # symlinks are never followed
    assert prune_jobdirs(root, AT + 10 * DAY) == sorted(
        p.parent for p in (busy, recent, touched)
    )  # released and older now
    assert prune_jobdirs(tmp_path / "missing", AT) == []


# --- graceful stop and resume through run_aict ------------------------------------------------

PAGES = 300  # enough that no stopped step can reach the end on a fast machine
FAST = 10  # pages 0..9 answer at once; the others take HOLD_S until released
HOLD_S = 0.2  # one request at a time per host: a stop drains up to 16 queued ones (~3 s)
TIMEOUT_S = 8.0  # the first article request comes ~2.5 s after start (more on a loaded machine)
GRACE_S = 20.0


#: A task's body: run_aict with the database URL and the command line given as arguments.
TASK = (
    "import sys; from orchestration.runner import run_aict; "
    "run_aict(sys.argv[2:], sys.argv[1], timeout_s=600, grace_s=20)"
)


def _article(n: int) -> str:
    return f"/actualites/{n:03d}"


@pytest.fixture
def slow_site(tmp_path: Path) -> Iterator[tuple[FixtureSite, threading.Event, Path]]:
    """A site of PAGES articles; pages from FAST on take HOLD_S until the event is set."""
    release = threading.Event()
    site = FixtureSite(lifetime=120)
    items = [{"title": f"Jumelage {n}", "link": site.url(_article(n))} for n in range(PAGES)]
    site.route("/rss.xml", rss(items), content_type="application/rss+xml")

    def held(n: int) -> Route:
        body = article_html(f"Jumelage {n}", f"{TEXT}\nÉpisode {n}.").encode()

        def handle(req: BaseHTTPRequestHandler) -> None:
            if n >= FAST:
                release.wait(HOLD_S)
            req.send_response(200)
            req.send_header("Content-Type", "text/html; charset=utf-8")
            req.send_header("Content-Length", str(len(body)))
            req.end_headers()
            req.wfile.write(body)

        return Route(handler=handle)

    for n in range(PAGES):
        site.routes[_article(n)] = held(n)
    entry = source_entry("slow-site", [site.url("/rss.xml")], name="Slow")
    sources = write_sources(tmp_path / "sources.yaml", [entry])
    with site:
        yield site, release, sources


def _served(site: FixtureSite) -> int:
    return sum(site.hits[_article(n)] for n in range(PAGES))


def _locked(jobdir: Path) -> bool:
    fd = os.open(jobdir / LOCK_NAME, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return False
    except BlockingIOError:
        return True
    finally:
        os.close(fd)


def _start_task(db_url: str, args: list[str], env: dict[str, str]) -> subprocess.Popen[str]:
    """The runner in a process of its own, as an Airflow task (its own process group)."""
    return subprocess.Popen(  # noqa: S603 - the test's own interpreter and arguments
        [sys.executable, "-c", TASK, db_url, *args],
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def _wait_served(site: FixtureSite, at_least: int) -> None:
    deadline = time.monotonic() + 30
    while _served(site) < at_least and time.monotonic() < deadline:
        time.sleep(0.01)


def _crawls_of(jobdir: Path) -> list[int]:
    """PIDs of running ``aict crawl`` processes working in ``jobdir`` (from /proc)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        is_crawl = argv[1:4] == [b"-m", b"cli", b"crawl"]  # not the task (python -c …)
        if state != "Z" and is_crawl and str(jobdir).encode() in argv:
            pids.append(int(entry.name))
    return pids


def test_default_grace_fits_inside_the_task_timeout() -> None:
    from orchestration import policy

    for delta in (policy.CRAWL_TIMEOUT, policy.MEASURE_TIMEOUT, policy.PARSE_TIMEOUT):
        timeout_s = policy.seconds(delta)
        assert timeout_s + default_grace(timeout_s) < delta.total_seconds()
    assert default_grace(policy.seconds(policy.CRAWL_TIMEOUT)) == 120


# Six crawl processes stopped in turn (~1 min): `make test-deployment` and `make bench` run it,
# `make test` does not (CI's 20-minute limit); test_crawl_resume.py keeps the graceful stop and
# the resume of a crawl in `make test`.
@pytest.mark.deployment
@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_timeouts_stop_the_crawl_gracefully_and_the_retry_resumes(
    db_url: str,
    tmp_path: Path,
    slow_site: tuple[FixtureSite, threading.Event, Path],
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    from airflow.sdk.exceptions import AirflowTaskTimeout
    from airflow.sdk.execution_time.timeout import timeout

    site, release, sources = slow_site
    jobdir = tmp_path / "job"
    args = ["crawl", "--sources", str(sources), "--jobdir", str(jobdir)]
    env = {
        "AICT_ALLOW_NETWORKS": TEST_NETWORK,
        "AICT_SCRAPY_SETTINGS": json.dumps({"DOWNLOAD_TIMEOUT": 10, "RETRY_TIMES": 0}),
    }

    # 1. run_aict's own timeout: SIGTERM, the pages in flight finish, the queue is saved.
    started = time.monotonic()
    with pytest.raises(CommandFailed) as failure:
        run_aict(args, db_url, timeout_s=TIMEOUT_S, grace_s=GRACE_S, extra_env=env)
    first_s = time.monotonic() - started
    message = str(failure.value)
    assert message.startswith(
        f"aict crawl --sources {sources} --jobdir {jobdir}: timed out after {TIMEOUT_S:.0f} s, "
        "stopped by SIGTERM (exit code 1): "
    )
    assert message.endswith(
        f"aict: error: crawl interrupted before the end; rerun with --jobdir {jobdir} to resume"
    )
    assert "\n" not in message and "sqlite:" not in message
    assert TIMEOUT_S <= first_s < TIMEOUT_S + GRACE_S  # no SIGKILL after the grace period
    served_first = _served(site)
    assert FAST < served_first < PAGES  # really stopped mid-crawl
    assert _count(db_url) == served_first  # what was downloaded was stored
    assert {"requests.queue", "requests.seen"} <= {p.name for p in jobdir.iterdir()}
    assert has_pending(jobdir) and not _locked(jobdir)

    # 2. The task itself times out (Airflow raises inside it): the child is stopped the same way.
    with pytest.raises(AirflowTaskTimeout), timeout(TIMEOUT_S):
        run_aict(args, db_url, timeout_s=600, grace_s=GRACE_S, extra_env=env)
    served_second = _served(site)
    assert served_first < served_second < PAGES
    assert _count(db_url) == served_second
    assert has_pending(jobdir) and not _locked(jobdir)  # graceful, and the child is gone

    # 3. Ctrl+C: SIGINT to the task's whole process group. The crawl, in a session of its own,
    # does not hear it; the task forwards one SIGTERM and fails with the crawl's resume hint.
    # Then Airflow's supervisor, which signals the task's PID only (issue 16): SIGTERM.
    served = served_second
    for how in ("group SIGINT", "task SIGTERM"):
        task = _start_task(db_url, args, env)
        try:
            _wait_served(site, served + 3)
            if how == "group SIGINT":
                os.killpg(task.pid, signal.SIGINT)
            else:
                os.kill(task.pid, signal.SIGTERM)
            out, err = task.communicate(timeout=GRACE_S + 10)
        finally:
            if task.poll() is None:
                os.killpg(task.pid, signal.SIGKILL)
                task.wait()
        name = how.split()[1]
        assert task.returncode != 0, how
        assert f"the task got {name}, the command exited (1): " in err, err[-2000:]
        assert err.rstrip().endswith(f"rerun with --jobdir {jobdir} to resume"), err[-2000:]
        # The child's warning: through logging since issue 16 (stderr without a handler).
        assert "crawl interrupted before the end" in out + err
        assert served < _served(site) < PAGES, how
        served = _served(site)
        assert _count(db_url) == served
        assert has_pending(jobdir) and not _locked(jobdir)
    assert not _crawls_of(jobdir)  # no orphan

    # A task killed outright (SIGKILL, a lost worker): the kernel tells the crawl (SIGTERM,
    # PR_SET_PDEATHSIG), which stops gracefully and saves its queue; nothing runs on.
    task = _start_task(db_url, args, env)
    try:
        _wait_served(site, served + 3)
        children = _crawls_of(jobdir)
        assert len(children) == 1
        task.kill()
        task.wait()
        deadline = time.monotonic() + GRACE_S
        # Gone means its lock is free too: an exiting process drops its cmdline (its memory)
        # before its files, so /proc can show no crawl while the lock is still held.
        while (_crawls_of(jobdir) or _locked(jobdir)) and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        for pid in _crawls_of(jobdir):
            os.kill(pid, signal.SIGKILL)
    assert not _crawls_of(jobdir)
    assert served < _served(site) < PAGES
    served_third = _served(site)
    # Pages in flight when the task died may be served and not stored: they stay queued.
    assert _count(db_url) <= served_third
    assert has_pending(jobdir) and not _locked(jobdir)

    _count_before_resume = _count(db_url)
    # 4. The retry with the same directory finishes what is left, downloading nothing twice.
    release.set()
    result = run_aict(args, db_url, timeout_s=120, extra_env=env)
    assert (result.returncode, result.sources_failed) == (0, False)
    hits = [site.hits[_article(n)] for n in range(PAGES)]
    assert min(hits) == 1
    assert sum(hits) <= PAGES + CONCURRENT_REQUESTS
    assert _count(db_url) == PAGES
    assert {p.name for p in jobdir.iterdir()} == {LOCK_NAME}  # finished: a new job next time

    # The task log: the child's output line by line, its warnings through logging (issue 16).
    log = capsys.readouterr().out + caplog.text
    assert log.count("crawl interrupted before the end") == 2
    assert f"stored {PAGES - _count_before_resume} articles" in log

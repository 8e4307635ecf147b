"""Issue 16 items 3 and 6: `make airflow-celery` runs crawl → tag → measure on two Celery
workers, and a worker killed mid-crawl loses nothing, repeats nothing, and its crawl resumes on
the other worker from the job directory they share.

Everything is real: scripts/airflow-celery.sh starts the scheduler, dag-processor, triggerer,
api-server and two Celery workers (worker-1, worker-2) on the machine's PostgreSQL (databases
of this test, dropped afterwards) and Redis (an empty database index, emptied afterwards; a
queue of this test), with the settings docker-compose.yml reads (deploy/airflow.env). The
observatory holds the demo registry only, and the demo web serves on loopback. The task
heartbeat timeout is lowered to 30 s here so that the test takes minutes (production: 120 s).

Once a press crawl has fetched a few dozen pages, its worker is killed as a machine losing its
Celery worker would: SIGKILL to the worker, its pool, its task supervisors and task processes at
once. The crawl itself hears its task's death (PR_SET_PDEATHSIG) and should save its queue in
the shared job directory. Then:
- the try is failed by the scheduler when its heartbeat times out and retried on the other
  worker, which resumes the crawl from the saved queue in the same job directory;
- aict_tag and aict_measure follow through their Assets and succeed; both workers ran tasks;
- nothing is lost: a fresh crawl of every press feed afterwards stores no article (a feed is
  marked read only once all its articles were answered); nothing is duplicated: one row per
  article URL.
The crawl gets its death signal once per dying thread of its task process; it runs under
orchestration/onestop.py, which passes on one SIGTERM only (with two, Scrapy stops at once and saves
nothing, and the articles it had queued wait for the feeds' next read). About 5-7 min on
2 cores.
Outside CI the test skips when PostgreSQL or Redis is missing; in CI it fails.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

from crawlers.jobdir import has_pending
from tests.conftest import PG_ADMIN_URL, require_postgres
from tests.dags.conftest import DAGS, REPO
from tests.dags.test_airflow_stop import _free_port, _processes
from tests.support.cli import aict_command

SCRIPT = REPO / "scripts" / "airflow-celery.sh"
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
HEARTBEAT_TIMEOUT_S = 30
WORKERS = ("worker-1", "worker-2")


def _require_redis() -> int:
    """An empty Redis database index for this test (skip outside CI when Redis is missing)."""
    import redis

    try:
        for index in range(15, 7, -1):
            client = redis.Redis(REDIS_HOST, REDIS_PORT, db=index, socket_timeout=3)
            if client.dbsize() == 0:
                client.close()
                return index
            client.close()
        problem = "no empty database index among 8-15"
    except (redis.RedisError, OSError) as exc:
        problem = str(exc).splitlines()[0]
    if os.environ.get("CI"):
        pytest.fail(f"Redis must run in CI but is unusable: {problem}")
    pytest.skip(
        f"Redis not usable at {REDIS_HOST}:{REDIS_PORT} (set CI to make this a failure): {problem}"
    )


def _sql(url: str, query: str, *params: object) -> list[tuple]:
    import psycopg

    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn:
        return conn.execute(query, params).fetchall()


def _admin(query: str) -> None:
    import psycopg

    url = PG_ADMIN_URL.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(query)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
            return response.status == 200
    except OSError:
        return False


class _Stack:
    """scripts/airflow-celery.sh on a temporary home, its output in a file."""

    def __init__(self, tmp: Path, db: str, redis_db: int, sources: Path) -> None:
        self.home = tmp / "airflow-celery"
        self.log = tmp / "stack.log"
        self.db = db
        self.api_port = _free_port()
        base = {
            k: v for k, v in os.environ.items() if not k.startswith(("AIRFLOW", "AICT_", "PYTEST"))
        }
        pg = PG_ADMIN_URL.replace("postgresql+psycopg://", "postgresql://").rsplit("/", 1)[0]
        self.env = {
            **base,
            "AIRFLOW_HOME": str(self.home),
            "AICT_VENV_BIN": str(Path(sys.executable).parent),
            "AICT_CELERY_PG": pg,
            "AICT_CELERY_DB": db,
            "AICT_CELERY_REDIS_DB": str(redis_db),
            "AICT_INIT_SOURCES": str(sources),
            "AICT_ALLOW_NETWORKS": "127.0.10.0/24",
            "AICT_WORKER_LOG_PORTS": f"{_free_port()} {_free_port()}",
            "AIRFLOW__API__PORT": str(self.api_port),
            "AIRFLOW__LOGGING__TRIGGER_LOG_SERVER_PORT": str(_free_port()),
            # A queue of this test's own: no other Airflow on this Redis takes its tasks.
            "AIRFLOW__OPERATORS__DEFAULT_QUEUE": f"aict-test-{uuid.uuid4().hex[:8]}",
            "AIRFLOW__SCHEDULER__TASK_INSTANCE_HEARTBEAT_TIMEOUT": str(HEARTBEAT_TIMEOUT_S),
            # One task at a time per worker (2 cores): the two crawl batches land on both.
            "AIRFLOW_WORKER_CONCURRENCY": "1",
            "AIRFLOW__CORE__PARALLELISM": "4",
        }
        self.metadata_url = f"{pg}/{db}"
        self.observatory_url = f"{pg}/{db}_aict"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("wb") as out:
            self.proc = subprocess.Popen(  # noqa: S603 - our own script
                [str(SCRIPT)], env=self.env, stdin=subprocess.DEVNULL, stdout=out,
                stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip

    def tail(self, n: int = 30) -> str:
        lines = self.log.read_text(errors="replace").splitlines()
        return "\n".join(line[:300] for line in lines[-n:])

    def airflow(self, *args: str) -> bool:
        env = {
            **self.env,
            "AIRFLOW__CORE__DAGS_FOLDER": str(DAGS),
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"postgresql+psycopg2://{self.metadata_url.split('://', 1)[1]}",
        }
        done = subprocess.run([str(Path(sys.executable).with_name("airflow")), *args], env=env,
                              capture_output=True, text=True, timeout=120, check=False)  # fmt: skip
        return done.returncode == 0

    def until(self, what: str, check, timeout: float, every: float = 2.0):  # noqa: ANN001, ANN201
        deadline = time.monotonic() + timeout
        while True:
            value = check()
            if value:
                return value
            if self.proc is not None and self.proc.poll() is not None:
                pytest.fail(f"airflow-celery.sh ended while waiting for {what}:\n{self.tail()}")
            if time.monotonic() > deadline:
                pytest.fail(f"no {what} after {timeout:.0f} s:\n{self.tail()}")
            time.sleep(every)

    def processes(self) -> dict[int, tuple[int, int, str]]:
        """pid → (ppid, session, command line) of the processes of this run: those naming its
        home, and their descendants (a task process is not dumpable: its environment is not
        readable)."""
        table = _table()
        found = {pid for pid, sid, cmdline, environ in _processes()
                 if f"AIRFLOW_HOME={self.home}\n" in environ or str(self.home) in cmdline
                 or f"port:{self.api_port}" in cmdline}  # fmt: skip
        return {pid: table[pid] for pid in _with_descendants(found, table) if pid in table}

    def stop(self, timeout: float = 60) -> float:
        """SIGTERM to the script (its ordered stop); seconds it took. Leftovers are killed."""
        started = time.monotonic()
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                pass
        took = time.monotonic() - started
        for pid in self.processes():
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)
        return took


def _table() -> dict[int, tuple[int, int, str]]:
    """pid → (ppid, session, command line) of every live process (not zombies)."""
    table = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if fields[0] != "Z":
            table[int(entry.name)] = (int(fields[1]), int(fields[3]), cmdline.strip())
    return table


def _with_descendants(roots: set[int], table: dict[int, tuple[int, int, str]]) -> set[int]:
    tree, grew = set(roots), True
    while grew:
        grew = False
        for pid, (ppid, _sid, _cmd) in table.items():
            if pid not in tree and ppid in tree:
                tree.add(pid)
                grew = True
    return tree


def _crawl_in_progress(stack: _Stack, min_pages: int) -> tuple[int, Path] | None:
    """(pid, job directory) of a running `aict crawl` that has requested ``min_pages`` pages."""
    for pid, (_ppid, sid, cmdline) in stack.processes().items():
        # The crawl leads a session of its own (its extraction worker is in it too).
        if pid != sid or " -m cli crawl --jobdir " not in f" {cmdline} ":
            continue
        jobdir = Path(cmdline.split("--jobdir ", 1)[1].split()[0])
        try:  # fingerprints of the requested pages, 20 bytes or more each
            seen = (jobdir / "requests.seen").stat().st_size
        except OSError:
            continue
        if seen >= 20 * min_pages:
            return pid, jobdir
    return None


def _kill_worker_of(stack: _Stack, crawl_pid: int) -> str:
    """SIGKILL the Celery worker running ``crawl_pid`` (all its processes, the crawl excepted:
    it hears its task's death itself); the worker's name."""
    procs = _table()
    pid, name = crawl_pid, None
    while pid in procs and name is None:
        pid = procs[pid][0]
        cmdline = procs.get(pid, (0, 0, ""))[2]
        for worker in WORKERS:
            if f"--celery-hostname {worker}@" in cmdline or f"celeryd: {worker}@" in cmdline:
                name = worker
    assert name, f"no worker above crawl {crawl_pid}"
    roots = {p for p, (_pp, _sid, cmd) in stack.processes().items()
             if f"--celery-hostname {name}@" in cmd or f"celeryd: {name}@" in cmd}  # fmt: skip
    tree = _with_descendants(roots, procs)
    crawl_session = procs[crawl_pid][1]
    victims = [p for p in tree
               if procs[p][1] != crawl_session and not procs[p][2].startswith("sed ")]  # fmt: skip
    for p in victims:
        try:
            os.kill(p, signal.SIGKILL)
        except ProcessLookupError:
            pass
    return name


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.deployment  # ~6 min: `make test-deployment`, not `make test` (CI time)
@pytest.mark.timeout(900)
def test_crawl_tag_measure_on_two_workers_survives_a_killed_worker(tmp_path: Path) -> None:
    require_postgres()
    redis_db = _require_redis()
    db = f"aict_airflow_celery_t{uuid.uuid4().hex[:8]}"
    web_dir = tmp_path / "web"
    web_dir.mkdir()
    today = dt.datetime.now(ZoneInfo("Europe/Paris")).date().isoformat()
    server = subprocess.Popen(  # noqa: S603 - the demo web, in a session of its own
        [sys.executable, "-m", "demoweb.server", "--as-of", today, "--port", "0",
         "--dir", str(web_dir), "--max-lifetime", "1800"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, start_new_session=True,
    )  # fmt: skip
    stack: _Stack | None = None
    started = time.monotonic()
    try:
        assert server.stdout is not None
        sources = Path(server.stdout.readline().strip())
        press = [
            s["slug"]
            for s in yaml.safe_load(sources.read_text())["sources"]
            if s["kind"] == "press"
        ]
        stack = _Stack(tmp_path, db, redis_db, sources)
        stack.start()
        health = f"http://127.0.0.1:{stack.api_port}/api/v2/monitor/health"
        stack.until("answer from the API server", lambda: _answers(health), 300)
        print(f"stack up after {time.monotonic() - started:.0f} s")
        for dag_id in ("aict_tag", "aict_measure", "aict_crawl_press"):
            # Unpausing the press crawl creates its scheduled run at once.
            stack.until(
                f"{dag_id} to unpause", lambda d=dag_id: stack.airflow("dags", "unpause", d), 180, 5
            )

        crawl_pid, jobdir = stack.until(
            "crawl well under way", lambda: _crawl_in_progress(stack, 30), 300, 0.5
        )
        killed = _kill_worker_of(stack, crawl_pid)
        killed_at = time.time()
        other = next(w for w in WORKERS if w != killed)
        print(f"killed {killed} after {time.monotonic() - started:.0f} s, crawl {jobdir.name}")
        # The orphaned crawl stops gracefully and saves its queue in the shared directory.
        stack.until("graceful stop of the orphaned crawl",
                    lambda: all(sid != crawl_pid for _pp, sid, _c in _table().values()), 60, 0.5)  # fmt: skip
        saved = has_pending(jobdir)  # requests queued and saved for the retry
        print(f"the orphaned crawl saved its queue: {saved}")

        map_index = int(jobdir.name.split("-")[1])
        ti = (
            "SELECT try_number, state, hostname, extract(epoch FROM start_date) FROM task_instance"
            " WHERE dag_id = 'aict_crawl_press' AND task_id = 'crawl' AND map_index = %s"
        )
        row = stack.until(
            "retry of the killed crawl to succeed",
            lambda: [
                r
                for r in _sql(stack.metadata_url, ti, map_index)
                if r[0] >= 2 and r[1] == "success"
            ],
            600,
        )[0]
        resumed_after = float(row[3]) - killed_at
        assert row[2] == other, f"the retry ran on {row[2]}, not on the surviving {other}"
        first = _sql(stack.metadata_url,
                     "SELECT hostname, state FROM task_instance_history WHERE dag_id = 'aict_crawl_press'"
                     " AND task_id = 'crawl' AND map_index = %s AND try_number = 1", map_index)  # fmt: skip
        assert first and first[0][0] == killed, first
        print(
            f"retry started on {other} {resumed_after:.0f} s after the kill (first try: {first[0][1]})"
        )
        log = next(
            stack.home.glob(
                f"logs/dag_id=aict_crawl_press/run_id=*/task_id=crawl/map_index={map_index}/attempt=2.log"
            )
        )
        # The retry ran in the same directory (its command names it) and finished that job,
        # which clears the saved state (the crawl runs at WARNING: Scrapy's "Resuming crawl"
        # line is not logged).
        resumed = (
            f"--jobdir {jobdir}" in log.read_text(errors="replace")
            and not (jobdir / "requests.queue").exists()
        )

        done = "SELECT state FROM dag_run WHERE dag_id = %s"
        for dag_id in ("aict_tag", "aict_measure"):
            stack.until(
                f"{dag_id} run to succeed",
                lambda d=dag_id: ("success",) in _sql(stack.metadata_url, done, d),
                600,
            )
        hosts = {
            h
            for (h,) in _sql(
                stack.metadata_url,
                # Every try: the killed one is in the history.
                "SELECT hostname FROM task_instance WHERE hostname <> ''"
                " UNION SELECT hostname FROM task_instance_history WHERE hostname <> ''",
            )
        }
        assert set(WORKERS) <= hosts, hosts
        crawls = _sql(
            stack.metadata_url,
            "SELECT state FROM task_instance WHERE dag_id = 'aict_crawl_press' AND task_id = 'crawl'",
        )
        assert crawls and all(state == "success" for (state,) in crawls), crawls
        print(f"crawl → tag → measure done after {time.monotonic() - started:.0f} s")
        took = stack.stop()
        print(f"stack stopped in {took:.1f} s")
        assert not stack.processes(), stack.processes()

        articles, urls = _sql(
            stack.observatory_url, "SELECT count(*), count(DISTINCT normalized_url) FROM articles"
        )[0]
        tagged = _sql(stack.observatory_url, "SELECT count(DISTINCT article_id) FROM tags")[0][0]
        measured = _sql(stack.observatory_url, "SELECT count(*) FROM measure_runs")[0][0]
        print(f"{articles} articles, {tagged} tagged, {measured} measure run(s)")
        assert articles > 100 and articles == urls  # nothing stored twice
        assert tagged == articles and measured >= 1
        # Nothing lost: every press feed read afresh (no job directory) brings no new article.
        again = subprocess.run(
            aict_command("crawl", *[a for slug in press for a in ("--only", slug)]),
            env={**stack.env, "AICT_DATABASE_URL": stack.observatory_url.replace("postgresql://", "postgresql+psycopg://")},
            capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip
        assert again.returncode in (0, 3), again.stderr[-2000:]
        lost = again.stdout.split("stored ", 1)[-1].split(" ", 1)[0]
        print(f"whole test: {time.monotonic() - started:.0f} s; resumed: {resumed}; "
              f"a fresh crawl stored {lost} article(s)")  # fmt: skip
        if not saved:
            # The crawl got a second SIGTERM (Scrapy's forced stop, no queue saved): the death
            # signal comes once per dying thread of the task process (docs/operations.md, "A
            # lost worker"), which orchestration/onestop.py is there to absorb.
            pytest.fail(
                "the killed worker's crawl saved no queue (a second SIGTERM?); "
                f"{lost} article(s) wait for their feeds' next read"
            )
        assert resumed, "the retry did not resume the crawl"
        assert "stored 0 articles" in again.stdout, again.stdout[-2000:]
    finally:
        if stack is not None:
            stack.stop()
            (tmp_path / "stack-tail.log").write_text(stack.tail(200))
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
        import redis

        redis.Redis(REDIS_HOST, REDIS_PORT, db=redis_db).flushdb()
        for name in (db, f"{db}_aict"):
            _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

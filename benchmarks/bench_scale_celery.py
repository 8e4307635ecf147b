"""The all-France load test through the Celery deployment (issue 16 item 7): the loopback web
of ``bench_scale.py`` crawled by the real DAGs on ``make airflow-celery``'s processes.

``bench_scale.py`` replays days of polling on a simulated clock in one crawl process; this one
starts the CeleryExecutor deployment as ``make airflow-celery`` does (scripts/airflow-celery.sh:
scheduler, dag-processor, triggerer, api-server, two Celery workers ``worker-1``/``worker-2``,
PostgreSQL 127.0.0.1:5432 in two fresh databases, Redis 127.0.0.1:6379 in an empty database
index and a queue of its own), loads the registry of the scale web (``--councils`` council sites
and ``--press`` titles on distinct loopback addresses, ``benchmarks/scaleweb.py``), and lets the
real DAGs crawl it for ``--minutes`` of real time: ``aict_crawl_councils`` and
``aict_crawl_press`` are unpaused (each creates its scheduled run at once), the press DAG is
triggered again every ``--press-every`` minutes, ``aict_tag`` and ``aict_measure`` follow
through their Assets. Production crawls run on real time (``crawlers/clock.py``: nothing can
simulate it), so the web is *live*: its clock is the real UTC time, and it has published
``--backlog-hours`` of items before the start (a council round's day of news; a cold start for
the press, whose feeds list their last 50 articles).

Measured, from Airflow's metadata database, the web's request counters, the observatory
database and ``/proc``:
- requests served per kind during each crawl run (achieved per real hour) against what the
  production schedule needs per hour;
- publication → database delay p50/p95 of what was published during the run;
- scheduler lag: each run's ``queued_at → start_date``, each task's ``scheduled → queued``
  (the scheduler, the pool ``aict_db_writer`` and ``max_active_tis_per_dag``) and ``queued →
  start`` (Celery and the worker);
- mapped crawl tasks per run, and their durations;
- the writer pool: slots, most slots taken at once, tasks waiting;
- peak memory per worker (the worker's whole process tree: Celery pool, task supervisors, task
  processes, crawls and their extraction workers; RSS summed, and PSS when readable);
- observatory database size, growth per million articles.
At the end every process started is stopped, the Redis index emptied, both databases dropped.

The deployment runs from a frozen copy of the last commit (``git archive HEAD`` in a temporary
directory, first on ``PYTHONPATH``), not from the working tree: other people's edits while
the run lasts (a package moved, a DAG half edited) would otherwise fail its tasks mid-run.
``--working-tree`` runs it from the working tree instead (to measure uncommitted changes).

    .venv/bin/python -m benchmarks.bench_scale_celery [--councils 5000] [--press 48]
        [--minutes 25] [--press-every 10] [--concurrency 4] [--json out.json]

Not run by ``make test``; ``make bench`` does not run it either (~25 min on 2 cores).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from pathlib import Path

from benchmarks.bench_scale import NETWORKS, sources_yaml
from benchmarks.scaleweb import CONTROL_HOST, WebShape, serve

ROOT = Path(__file__).resolve().parents[1]

PG = os.environ.get("AICT_CELERY_PG", "postgresql://postgres@127.0.0.1:5432")
REDIS = ("127.0.0.1", 6379)
WORKERS = ("worker-1", "worker-2")
CRAWL_DAGS = {"aict_crawl_councils": "council", "aict_crawl_press": "press"}
POOL = "aict_db_writer"
PAGE = os.sysconf("SC_PAGE_SIZE")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def empty_redis_index() -> int:
    import redis

    for index in range(15, 7, -1):
        client = redis.Redis(*REDIS, db=index, socket_timeout=3)
        try:
            if client.dbsize() == 0:
                return index
        finally:
            client.close()
    sys.exit("bench_scale_celery: no empty Redis database index among 8-15")


def sql(db: str, query: str, *params: object) -> list[tuple]:
    import psycopg

    with psycopg.connect(f"{PG}/{db}", connect_timeout=10) as conn:
        return conn.execute(query, params).fetchall()


def admin(query: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(query)


# -- processes ---------------------------------------------------------------------------------


def proc_table() -> dict[int, tuple[int, str, int]]:
    """pid → (ppid, command line, RSS bytes) of every live process."""
    table = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            rss = int((entry / "statm").read_text().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            continue
        if fields[0] != "Z":
            table[int(entry.name)] = (int(fields[1]), cmd.strip(), rss)
    return table


def tree(roots: set[int], table: dict[int, tuple[int, str, int]]) -> set[int]:
    found, grew = set(roots) & set(table), True
    while grew:
        grew = False
        for pid, (ppid, _cmd, _rss) in table.items():
            if pid not in found and ppid in found:
                found.add(pid)
                grew = True
    return found


def pss(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


class Stack:
    """scripts/airflow-celery.sh on a temporary home, its output in a file."""

    def __init__(
        self, tree: Path, tmp: Path, db: str, redis_db: int, sources: Path, concurrency: int
    ) -> None:
        self.tree = tree
        self.home = tmp / "airflow-celery"
        self.log = tmp / "stack.log"
        self.db = db
        self.api_port = free_port()
        base = {k: v for k, v in os.environ.items() if not k.startswith(("AIRFLOW", "AICT_"))}
        self.env = {
            **base,
            "AIRFLOW_HOME": str(self.home),
            "AICT_VENV_BIN": str(Path(sys.executable).parent),
            "AICT_CELERY_PG": PG,
            "AICT_CELERY_DB": db,
            "AICT_CELERY_REDIS_DB": str(redis_db),
            "AICT_INIT_SOURCES": str(sources),
            "AICT_ALLOW_NETWORKS": NETWORKS,
            "AICT_WORKER_LOG_PORTS": f"{free_port()} {free_port()}",
            "AIRFLOW__API__PORT": str(self.api_port),
            "AIRFLOW__LOGGING__TRIGGER_LOG_SERVER_PORT": str(free_port()),
            "AIRFLOW__OPERATORS__DEFAULT_QUEUE": f"aict-bench-{uuid.uuid4().hex[:8]}",
            "AIRFLOW_WORKER_CONCURRENCY": str(concurrency),
            # The tree's packages before the editable install's (which points at ROOT); the
            # stack also runs in the tree (`python -m` puts the working directory first).
            "PYTHONPATH": str(tree),
        }
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("wb") as out:
            self.proc = subprocess.Popen(  # noqa: S603 - our own script
                [str(self.tree / "scripts" / "airflow-celery.sh")], env=self.env, cwd=self.tree, stdin=subprocess.DEVNULL, stdout=out,
                stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip

    def tail(self, n: int = 40) -> str:
        lines = self.log.read_text(errors="replace").splitlines()
        return "\n".join(line[:300] for line in lines[-n:])

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def airflow(self, *args: str, timeout: float = 180) -> bool:
        env = {
            **self.env,
            "AIRFLOW__CORE__DAGS_FOLDER": str(self.tree / "dags"),
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"postgresql+psycopg2://{PG.split('://', 1)[1]}/{self.db}",
        }
        done = subprocess.run(  # noqa: S603 - the venv's airflow
            [str(Path(sys.executable).with_name("airflow")), *args], env=env,
            capture_output=True, text=True, timeout=timeout, check=False, cwd=self.tree,
        )  # fmt: skip
        return done.returncode == 0

    def until(self, what: str, check, timeout: float, every: float = 2.0):  # noqa: ANN001, ANN201
        deadline = time.monotonic() + timeout
        while True:
            value = check()
            if value:
                return value
            if not self.alive():
                raise RuntimeError(
                    f"airflow-celery.sh ended while waiting for {what}:\n{self.tail()}"
                )
            if time.monotonic() > deadline:
                raise RuntimeError(f"no {what} after {timeout:.0f} s:\n{self.tail()}")
            time.sleep(every)

    def processes(self) -> set[int]:
        """The script and every process below it (each component leads a group of its own
        but stays the script's child), plus anything naming this run's home."""
        table = proc_table()
        roots = {self.proc.pid} if self.proc is not None else set()
        roots |= {pid for pid, (_pp, cmd, _r) in table.items() if str(self.home) in cmd}
        return tree(roots, table)

    def worker_roots(self, table: dict[int, tuple[int, str, int]]) -> dict[str, int]:
        roots = {}
        for name in WORKERS:
            pids = {p for p, (_pp, cmd, _r) in table.items() if f"--celery-hostname {name}@" in cmd}
            tops = [p for p in pids if table[p][0] not in pids]
            if tops:
                roots[name] = min(tops)
        return roots

    def stop(self, timeout: float = 90) -> float:
        """SIGTERM to the script (its ordered stop); seconds it took. Leftovers are killed."""
        started = time.monotonic()
        if self.alive():
            assert self.proc is not None
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
        if self.alive():
            assert self.proc is not None
            self.proc.kill()
            self.proc.wait(10)
        return took


def snapshot(where: Path) -> Path:
    """The last commit's files in ``where`` (``git archive HEAD``): what the deployment runs."""
    where.mkdir()
    archive = subprocess.run(  # noqa: S603, S607 - git on our own repository
        ["git", "-C", str(ROOT), "archive", "HEAD"], capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(where)], input=archive, check=True)  # noqa: S603, S607
    commit = subprocess.run(  # noqa: S603, S607
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    print(f"{_now()} deployment runs from a copy of commit {commit}", flush=True)
    return where


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=3) as response:  # noqa: S310 - loopback
            return response.status == 200
    except OSError:
        return False


class Sampler(threading.Thread):
    """Every ``every`` seconds: each worker's process-tree memory, the central components',
    the writer pool's occupancy, and the web's request counters (a time series)."""

    def __init__(self, stack: Stack, control: str, every: float = 3.0) -> None:
        super().__init__(daemon=True)
        self.stack, self.control, self.every = stack, control, every
        self.stop_event = threading.Event()
        self.peak_rss: dict[str, int] = {}
        self.peak_pss: dict[str, int] = {}
        self.peak_procs: dict[str, int] = {}
        self.pool_peak = {"running": 0, "queued": 0, "scheduled": 0, "taken": 0}
        self.web: list[tuple[float, dict[str, int]]] = []
        self.samples = 0

    def run(self) -> None:
        while not self.stop_event.wait(self.every):
            try:
                self.sample()
            except Exception as exc:  # noqa: BLE001 - a sample lost is not the run lost
                print(f"sampler: {exc}", file=sys.stderr)

    def sample(self) -> None:
        table = proc_table()
        mine = self.stack.processes()
        workers = self.stack.worker_roots(table)
        in_workers: set[int] = set()
        for name, root in workers.items():
            pids = tree({root}, table)
            in_workers |= pids
            self._peak(name, pids, table)
        self._peak("central", mine - in_workers, table)
        with_pool = sql(
            self.stack.db,
            "SELECT state, count(*) FROM task_instance WHERE pool = %s"
            " AND state IN ('scheduled', 'queued', 'running') GROUP BY state",
            POOL,
        )
        counts = dict(with_pool)
        for state in ("running", "queued", "scheduled"):
            self.pool_peak[state] = max(self.pool_peak[state], counts.get(state, 0))
        taken = counts.get("running", 0) + counts.get("queued", 0)
        self.pool_peak["taken"] = max(self.pool_peak["taken"], taken)
        with urllib.request.urlopen(f"{self.control}/_stats", timeout=5) as r:  # noqa: S310
            self.web.append((time.time(), json.loads(r.read())))
        self.samples += 1

    def _peak(self, name: str, pids: set[int], table: dict[int, tuple[int, str, int]]) -> None:
        rss = sum(table[p][2] for p in pids if p in table)
        self.peak_rss[name] = max(self.peak_rss.get(name, 0), rss)
        self.peak_procs[name] = max(self.peak_procs.get(name, 0), len(pids))
        values = [pss(p) for p in pids]
        if values and all(v is not None for v in values):
            self.peak_pss[name] = max(self.peak_pss.get(name, 0), sum(values))  # type: ignore[arg-type]

    def requests_between(self, kind: str, start: float, end: float) -> int:
        """Requests served to sites of ``kind`` between two moments (nearest samples)."""

        def at(moment: float) -> int:
            before = [c[kind] for t, c in self.web if t <= moment]
            return before[-1] if before else 0

        return at(end + self.every) - at(start)


# -- the run -----------------------------------------------------------------------------------


def run_states(db: str) -> list[tuple[str, str]]:
    return sql(db, "SELECT dag_id, state FROM dag_run WHERE state IN ('queued', 'running')")


def drive(stack: Stack, minutes: float, press_every: float, settle: float) -> dict[str, float]:
    """Unpause the DAGs, trigger the press every ``press_every`` minutes for ``minutes`` (the
    last trigger at the end of that window), wait for the crawl runs to end, pause the crawl
    DAGs (a paused DAG's tasks are not scheduled: pausing earlier would stall a running run),
    then wait for the asset-triggered tag and measure runs; ``settle`` minutes at most."""
    for dag_id in ("aict_tag", "aict_measure"):
        stack.until(
            f"{dag_id} to unpause", lambda d=dag_id: stack.airflow("dags", "unpause", d), 300, 5
        )
    began = time.time()
    for dag_id in CRAWL_DAGS:
        stack.until(
            f"{dag_id} to unpause", lambda d=dag_id: stack.airflow("dags", "unpause", d), 300, 5
        )
    print(f"{_now()} crawl DAGs unpaused: their scheduled runs start", flush=True)
    next_press = began + press_every * 60
    while next_press <= began + minutes * 60 + 1:
        if not stack.alive():
            raise RuntimeError(f"airflow-celery.sh ended:\n{stack.tail()}")
        if time.time() >= next_press:
            ok = stack.airflow("dags", "trigger", "aict_crawl_press")
            print(f"{_now()} press triggered ({'ok' if ok else 'FAILED'})", flush=True)
            next_press += press_every * 60
        time.sleep(5)
    stopped_triggering = time.time()
    deadline = time.time() + settle * 60
    while time.time() < deadline and any(d in CRAWL_DAGS for d, _ in run_states(stack.db)):
        time.sleep(5)
    for dag_id in CRAWL_DAGS:
        stack.airflow("dags", "pause", dag_id)
    print(f"{_now()} crawl runs done, crawl DAGs paused; waiting for tag and measure", flush=True)
    quiet_since = None
    while time.time() < deadline:
        busy = run_states(stack.db)
        if busy:
            quiet_since = None
        elif quiet_since is None:
            quiet_since = time.time()
        elif time.time() - quiet_since > 45:  # no asset-triggered run follows
            break
        time.sleep(5)
    return {"began": began, "stopped_triggering": stopped_triggering, "ended": time.time()}


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%H:%M:%S")


def q(values: list[float]) -> dict[str, float]:
    if not values:
        return {"n": 0}
    values = sorted(values)
    p95 = (
        statistics.quantiles(values, n=20, method="inclusive")[18] if len(values) > 1 else values[0]
    )
    return {"n": len(values), "p50": statistics.median(values), "p95": p95, "max": values[-1]}


def secs(a: dt.datetime | None, b: dt.datetime | None) -> float | None:
    return None if a is None or b is None else (b - a).total_seconds()


def collect(
    stack: Stack, obs: str, sampler: Sampler, times: dict, shape: WebShape, size0: int
) -> dict:
    db = stack.db
    runs = sql(
        db,
        "SELECT dag_id, run_id, run_type, state, queued_at, start_date, end_date, run_after"
        " FROM dag_run ORDER BY queued_at",
    )
    tis = sql(
        db,
        "SELECT dag_id, run_id, task_id, map_index, try_number, state, pool, hostname,"
        " scheduled_dttm, queued_dttm, start_date, end_date FROM task_instance",
    )
    out: dict = {"runs": [], "lag": {}, "pool": {}, "memory": {}, "crawl": {}}
    for dag_id, run_id, run_type, state, queued, start, end, run_after in runs:
        # An empty mapping leaves one skipped instance (map_index -1): not a batch.
        crawl = [
            t for t in tis if t[0] == dag_id and t[1] == run_id and t[2] == "crawl" and t[3] >= 0
        ]
        info = {
            "dag": dag_id, "run_type": run_type, "state": state,
            "queued_to_start_s": secs(queued, start), "run_after_to_start_s": secs(run_after, start),
            "duration_s": secs(start, end), "run_after_to_end_s": secs(run_after, end), "crawl_tasks": len(crawl),
            "hosts": sorted({t[7] for t in crawl if t[7]}),
            "start": start.timestamp() if start else None, "end": end.timestamp() if end else None,
        }  # fmt: skip
        if dag_id in CRAWL_DAGS and start and end:
            info["requests"] = sampler.requests_between(
                CRAWL_DAGS[dag_id], start.timestamp(), end.timestamp()
            )
        out["runs"].append(info)
    for label, rows in (
        ("crawl", [t for t in tis if t[2] == "crawl"]),
        ("other", [t for t in tis if t[2] != "crawl"]),
    ):
        out["lag"][label] = {
            "scheduled_to_queued_s": q([s for t in rows if (s := secs(t[8], t[9])) is not None]),
            "queued_to_start_s": q([s for t in rows if (s := secs(t[9], t[10])) is not None]),
            "duration_s": q([s for t in rows if (s := secs(t[10], t[11])) is not None]),
        }
    out["lag"]["run_queued_to_start_s"] = q(
        [r["queued_to_start_s"] for r in out["runs"] if r["queued_to_start_s"] is not None]
    )
    out["task_states"] = {}
    for t in tis:
        out["task_states"][t[5] or "none"] = out["task_states"].get(t[5] or "none", 0) + 1
    out["retries"] = sql(db, "SELECT count(*) FROM task_instance_history")[0][0]
    out["hosts"] = {
        h: n
        for h, n in sql(
            db,
            "SELECT hostname, count(*) FROM task_instance WHERE hostname <> '' GROUP BY hostname",
        )
    }
    slots = sql(db, "SELECT slots FROM slot_pool WHERE pool = %s", POOL)
    out["pool"] = {"slots": slots[0][0] if slots else None, **sampler.pool_peak}
    out["memory"] = {
        "peak_rss_mb": {k: v / 2**20 for k, v in sampler.peak_rss.items()},
        "peak_pss_mb": {k: v / 2**20 for k, v in sampler.peak_pss.items()},
        "peak_processes": sampler.peak_procs,
    }
    # The observatory: what was published during the run, and when it reached the database.
    began = dt.datetime.fromtimestamp(times["began"], dt.UTC)
    rows = sql(
        obs,
        "SELECT s.kind, a.published_at, a.first_seen_at FROM articles a"
        " JOIN sources s ON s.id = a.source_id WHERE a.published_at IS NOT NULL",
    )
    delays: dict[str, list[float]] = {}
    totals: dict[str, int] = {}
    for kind, published, seen in rows:
        totals[kind] = totals.get(kind, 0) + 1
        published = published if published.tzinfo else published.replace(tzinfo=dt.UTC)
        seen = seen if seen.tzinfo else seen.replace(tzinfo=dt.UTC)
        if published >= began:
            delays.setdefault(kind, []).append((seen - published).total_seconds() / 60)
    out["articles"] = totals
    out["delay_min"] = {kind: q(v) for kind, v in delays.items()}
    out["fetch_events"] = dict(
        sql(
            obs,
            "SELECT s.kind, count(*) FROM fetch_events e JOIN feeds f ON f.id = e.feed_id JOIN sources s ON s.id = f.source_id GROUP BY s.kind",
        )
    )
    out["tagged"] = sql(obs, "SELECT count(DISTINCT article_id) FROM tags")[0][0]
    out["measure_runs"] = sql(obs, "SELECT count(*) FROM measure_runs")[0][0]
    size = sql(obs, "SELECT pg_database_size(current_database())")[0][0]
    out["db"] = {"size_mb": size / 2**20, "size_after_init_mb": size0 / 2**20}
    out["web_requests"] = sampler.web[-1][1] if sampler.web else {}
    return out


def report(shape: WebShape, args: argparse.Namespace, res: dict, times: dict) -> None:
    p = print
    p(f"web        : {shape.councils:,} council sites + {shape.press} press titles "
      f"({shape.press_per_day:,} articles/day), live clock, {args.backlog_hours} h published before the start")  # fmt: skip
    p(f"deployment : CeleryExecutor, 2 workers x concurrency {args.concurrency}, pool {POOL} "
      f"{res['pool']['slots']} slots; crawls for {args.minutes:.0f} min of real time, press "
      f"triggered every {args.press_every:.0f} min; wall {(times['ended'] - times['began']) / 60:.1f} min")  # fmt: skip
    for r in res["runs"]:
        rate = ""
        if r.get("requests") is not None and r["duration_s"]:
            rate = (
                f", {r['requests']:,} requests -> {r['requests'] / r['duration_s'] * 3600:,.0f}/h"
            )
        p(f"run        : {r['dag']:<20} {r['run_type']:<10} {r['state']:<8} queued->start "
          f"{_f(r['queued_to_start_s'])} s, lasted {_f(r['duration_s'])} s, {r['crawl_tasks']} crawl tasks{rate}")  # fmt: skip
    needed_council = sum(
        r.get("requests", 0) for r in res["runs"] if r["dag"] == "aict_crawl_councils"
    )
    press_h = shape.press_per_day / 24 + shape.press * 2
    p(
        f"needed     : councils ~{needed_council / 24:,.0f} requests/h (one daily round of "
        f"{needed_council:,}), press ~{press_h:,.0f}/h ({shape.press_per_day / 24:,.0f} articles + "
        f"{shape.press * 2} feed polls)"
    )
    for kind, d in res["delay_min"].items():
        p(f"delay      : {kind} {d['n']} articles published during the run, publication -> database "
          f"p50 {_f(d.get('p50'))} min, p95 {_f(d.get('p95'))} min, max {_f(d.get('max'))} min")  # fmt: skip
    for label, lag in res["lag"].items():
        if label == "run_queued_to_start_s":
            p(f"lag        : runs queued -> start p50 {_f(lag.get('p50'))} s, p95 {_f(lag.get('p95'))} s, max {_f(lag.get('max'))} s")  # fmt: skip
            continue
        p(f"lag        : {label} tasks ({lag['duration_s']['n']}): scheduled -> queued p50 "
          f"{_f(lag['scheduled_to_queued_s'].get('p50'))} s p95 {_f(lag['scheduled_to_queued_s'].get('p95'))} s "
          f"max {_f(lag['scheduled_to_queued_s'].get('max'))} s; queued -> start p50 "
          f"{_f(lag['queued_to_start_s'].get('p50'))} s p95 {_f(lag['queued_to_start_s'].get('p95'))} s; "
          f"duration p50 {_f(lag['duration_s'].get('p50'))} s p95 {_f(lag['duration_s'].get('p95'))} s")  # fmt: skip
    pool = res["pool"]
    p(
        f"pool       : {POOL} {pool['slots']} slots, most taken at once {pool['taken']} "
        f"(running {pool['running']}, queued {pool['queued']}), most waiting (scheduled) {pool['scheduled']}"
    )
    mem = res["memory"]
    for name, rss in sorted(mem["peak_rss_mb"].items()):
        p(f"memory     : {name} peak {rss:,.0f} MB RSS summed, {mem['peak_pss_mb'].get(name, float('nan')):,.0f} MB PSS, "
          f"{mem['peak_processes'].get(name, 0)} processes at most")  # fmt: skip
    arts = sum(res["articles"].values())
    grown = res["db"]["size_mb"] - res["db"]["size_after_init_mb"]
    p(f"database   : {res['db']['size_mb']:,.0f} MB ({res['db']['size_after_init_mb']:,.0f} after init) for "
      f"{arts:,} articles {res['articles']} -> growth {grown / arts * 1e6 / 1024 if arts else 0:.1f} GB per million "
      f"articles; {res['tagged']:,} tagged, {res['measure_runs']} measure run(s)")  # fmt: skip
    p(f"tasks      : states {res['task_states']}, retried tries {res['retries']}, per host {res['hosts']}; "
      f"fetch events {res['fetch_events']}; web requests {res['web_requests']}")  # fmt: skip


def _f(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--councils", type=int, default=5_000)
    parser.add_argument("--press", type=int, default=48)
    parser.add_argument("--press-per-day", type=int, default=5_000)
    parser.add_argument("--backlog-hours", type=float, default=24)
    parser.add_argument("--minutes", type=float, default=25, help="real minutes of crawl triggers")
    parser.add_argument("--press-every", type=float, default=10)
    parser.add_argument(
        "--settle", type=float, default=20, help="at most this long for the runs to end"
    )
    parser.add_argument("--concurrency", type=int, default=4, help="tasks per Celery worker")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    parser.add_argument(
        "--working-tree", action="store_true", help="run the deployment from the working tree"
    )
    args = parser.parse_args()
    # SIGTERM (a `timeout`, a stopped job) cleans up as Ctrl+C does: the `finally` below.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    print(
        f"{_now()} uptime: {subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}"
    )
    start = dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(hours=args.backlog_hours)
    shape = WebShape(councils=args.councils, press=args.press, press_per_day=args.press_per_day,
                     start=start, live=True)  # fmt: skip
    queue: multiprocessing.Queue = multiprocessing.Queue()
    server = multiprocessing.Process(target=serve, args=(shape, queue), daemon=True)
    server.start()
    db = f"aict_bench_celery_{uuid.uuid4().hex[:8]}"
    redis_db = empty_redis_index()
    stack: Stack | None = None
    sampler: Sampler | None = None
    tmp = tempfile.TemporaryDirectory(prefix="bench-celery-")
    try:
        port = queue.get(timeout=300)
        control = f"http://{CONTROL_HOST}:{port}"
        sources = Path(tmp.name) / "scale.yaml"
        sources.write_text(sources_yaml(shape, port), encoding="utf-8")
        tree = ROOT if args.working_tree else snapshot(Path(tmp.name) / "tree")
        stack = Stack(tree, Path(tmp.name), db, redis_db, sources, args.concurrency)
        t0 = time.monotonic()
        stack.start()
        health = f"http://127.0.0.1:{stack.api_port}/api/v2/monitor/health"
        stack.until("answer from the API server", lambda: answers(health), 600)
        print(f"{_now()} stack up after {time.monotonic() - t0:.0f} s (aict init of "
              f"{args.councils + args.press:,} sources included)", flush=True)  # fmt: skip
        size0 = sql(f"{db}_aict", "SELECT pg_database_size(current_database())")[0][0]
        sampler = Sampler(stack, control)
        sampler.start()
        times = drive(stack, args.minutes, args.press_every, args.settle)
        sampler.stop_event.set()
        sampler.join(30)
        sampler.sample()
        print(
            f"{_now()} uptime: {subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}"
        )
        res = collect(stack, f"{db}_aict", sampler, times, shape, size0)
        res["times"] = times
        if args.json:
            args.json.write_text(json.dumps(res, indent=1, default=str), encoding="utf-8")
        report(shape, args, res, times)
    finally:
        if sampler is not None:
            sampler.stop_event.set()
        if stack is not None:
            took = stack.stop()
            (Path(tempfile.gettempdir()) / f"{db}-stack-tail.log").write_text(stack.tail(400))
            left = stack.processes()
            print(f"{_now()} stack stopped in {took:.0f} s; processes left: {len(left)}")
        server.terminate()
        server.join(10)
        import redis

        redis.Redis(*REDIS, db=redis_db).flushdb()
        for name in (db, f"{db}_aict"):
            admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())

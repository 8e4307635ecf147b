"""Discovery at full-registry scale (issue 16 item 8): thousands of council sites discovered in
one process, stopped and resumed, and in the discovery DAG's batches, in the same run.

What it runs: ``benchmarks/scaleweb.py`` serves ``--sites`` council sites on distinct loopback
addresses (every homepage declares its feed; 3 % answer 500 on it, 5 % answer every request
1.5 s late, 2 % forbid everything in robots.txt); ``aict init --sources`` loads them without
feeds into a fresh database; then, with the production crawl settings (loopback profile):

1. **full**: ``aict sources discover`` over every site, one process — the baseline;
2. **stopped + resumed**: the same from scratch, SIGINT once half the sites are settled, then
   the rerun with the ``--skip-since`` its error line gives: the resumed run's time and
   requests against the full run's (what a rerun cost before issue 16 item 8);
3. **DAG batches**: the same from scratch, in the batches ``aict_discover_sources`` maps over
   (``orchestration.batches.discovery_batches``, ``--batch`` sites each), ``--parallel`` batch
   processes at a time, each running the DAG's own command (``discovery_args``).

Between runs the discovery state is reset (``discovered_at`` and the feeds). Requests are
counted by the web itself.

    .venv/bin/python -m benchmarks.bench_discovery [--sites 2000] [--batch 20] [--parallel 4]
        [--db postgresql+psycopg://127.0.0.1:5432/DB]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing
import os
import re
import resource
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from benchmarks.scaleweb import CONTROL_HOST, WebShape, serve

ROOT = Path(__file__).resolve().parents[1]

NETWORK = "127.1.0.0/16"


def sources_yaml(shape: WebShape, port: int) -> str:
    """The councils of the web, each with its homepage and no feed yet."""
    lines = ["sources:"]
    for i in range(shape.councils):
        lines.append(
            f"  - {{slug: disc-c{i:05d}, name: Commune {i}, kind: council, "
            f"collectivite: 'commune:{90000 + i}', departments: ['{1 + i % 95:02d}'], "
            f"homepage: 'http://{shape.council_ip(i)}:{port}/', feeds: []}}"
        )
    return "\n".join(lines) + "\n"


def aict(db_url: str, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "AICT_ALLOW_NETWORKS": NETWORK, "AICT_DATABASE_URL": db_url}
    return subprocess.Popen(
        [sys.executable, "-m", "cli", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


class Bench:
    def __init__(self, db_url: str, port: int) -> None:
        from storage.engine import make_engine

        self.db_url, self.port = db_url, port
        self.engine = make_engine(db_url)

    def requests(self) -> int:
        with urllib.request.urlopen(f"http://{CONTROL_HOST}:{self.port}/_stats") as answer:  # noqa: S310
            return int(json.loads(answer.read())["council"])

    def move_clock(self, moment: dt.datetime) -> None:
        with urllib.request.urlopen(
            f"http://{CONTROL_HOST}:{self.port}/_clock/{moment.isoformat()}"
        ):  # noqa: S310
            pass

    def scalar(self, sql: str) -> int:
        from sqlalchemy import text

        with self.engine.connect() as conn:
            return int(conn.execute(text(sql)).scalar_one())

    def settled(self) -> int:
        return self.scalar("SELECT COUNT(*) FROM sources WHERE discovered_at IS NOT NULL")

    def outcome(self) -> dict[str, int]:
        return {
            "settled": self.settled(),
            "with_feeds": self.scalar("SELECT COUNT(DISTINCT source_id) FROM feeds"),
            "feeds": self.scalar("SELECT COUNT(*) FROM feeds"),
        }

    def reset(self) -> None:
        from sqlalchemy import text

        with self.engine.begin() as conn:
            conn.execute(text("DELETE FROM feeds"))
            conn.execute(text("UPDATE sources SET discovered_at = NULL"))

    def run(self, *args: str) -> tuple[float, int, int, str]:
        """``aict ARGS`` to the end: seconds, requests served, exit code, stderr's tail."""
        before, start = self.requests(), time.monotonic()
        child = aict(self.db_url, *args)
        _, err = child.communicate()
        return time.monotonic() - start, self.requests() - before, child.returncode, err[-400:]

    def full(self) -> dict[str, Any]:
        seconds, requests, code, err = self.run("sources", "discover")
        return {"seconds": seconds, "requests": requests, "exit": code, **self.outcome()}

    def stopped_and_resumed(self, total: int) -> dict[str, Any]:
        self.reset()
        before, start = self.requests(), time.monotonic()
        child = aict(self.db_url, "sources", "discover")
        while self.settled() < total // 2 and child.poll() is None:
            time.sleep(0.2)
        stop = time.monotonic()
        child.send_signal(signal.SIGINT)
        _, err = child.communicate()
        stopped = {
            "seconds": stop - start,
            "stop_s": time.monotonic() - stop,
            "requests": self.requests() - before,
            "exit": child.returncode,
            "settled": self.settled(),
        }
        hint = re.search(r"--skip-since (\S+)", err)
        if not hint:
            raise SystemExit(f"no resume hint after SIGINT: {err[-400:]}")
        seconds, requests, code, _ = self.run("sources", "discover", "--skip-since", hint[1])
        resumed = {"seconds": seconds, "requests": requests, "exit": code, **self.outcome()}
        return {"stopped": stopped, "resumed": resumed}

    def batched(self, batch: int, parallel: int) -> dict[str, Any]:
        from orchestration.batches import discovery_args, discovery_batches

        self.reset()
        before, start = self.requests(), time.monotonic()
        listed = discovery_batches(self.engine, min_size=batch)

        def one(b: dict[str, Any]) -> tuple[float, int]:
            began = time.monotonic()
            child = aict(self.db_url, *discovery_args(b))
            child.communicate()
            return time.monotonic() - began, child.returncode

        with ThreadPoolExecutor(parallel) as pool:
            results = list(pool.map(one, listed))
        per = sorted(s for s, _ in results)
        return {
            "seconds": time.monotonic() - start,
            "requests": self.requests() - before,
            "batches": len(listed),
            "batch_p50_s": per[len(per) // 2],
            "exits": sorted({code for _, code in results}),
            **self.outcome(),
        }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=2_000)
    parser.add_argument("--batch", type=int, default=20, help="discovery_batches' min_size")
    parser.add_argument("--parallel", type=int, default=4, help="batch processes at a time")
    parser.add_argument("--db", help="an empty database (default: a fresh SQLite file)")
    args = parser.parse_args()
    shape = WebShape(councils=args.sites, press=1)
    queue: multiprocessing.Queue = multiprocessing.Queue()
    server = multiprocessing.Process(target=serve, args=(shape, queue), daemon=True)
    server.start()
    try:
        port = queue.get(timeout=120)
        with tempfile.TemporaryDirectory() as tmp:
            registry = Path(tmp) / "councils.yaml"
            registry.write_text(sources_yaml(shape, port), encoding="utf-8")
            db_url = args.db or f"sqlite:///{Path(tmp) / 'discovery.db'}"
            start = time.monotonic()
            init = aict(db_url, "init", "--sources", str(registry))
            if init.wait() != 0:
                raise SystemExit(init.stderr.read() if init.stderr else "aict init failed")
            print(
                f"aict init --sources ({args.sites:,} councils): {time.monotonic() - start:.1f} s"
            )
            bench = Bench(db_url, port)
            bench.move_clock(shape.start + dt.timedelta(days=14))  # feeds with items
            report = {"sites": args.sites, "full": bench.full()}
            print("full:", json.dumps(report["full"]), flush=True)
            report.update(bench.stopped_and_resumed(args.sites))
            print("stopped:", json.dumps(report["stopped"]), flush=True)
            print("resumed:", json.dumps(report["resumed"]), flush=True)
            report["batched"] = bench.batched(args.batch, args.parallel)
            print("batched:", json.dumps(report["batched"]), flush=True)
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            print(f"peak RSS of one aict process: {peak:.0f} MB")
            bench.engine.dispose()
    finally:
        server.terminate()
    return 0


if __name__ == "__main__":
    sys.exit(main())

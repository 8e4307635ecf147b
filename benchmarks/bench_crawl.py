"""Crawl benchmark: our full crawl (fetch, extract, dedup, store) against `scrapy bench`.

Serves a generated loopback site (HOSTS hosts × PER_HOST article pages plus one RSS feed each;
from a separate process so the crawler has the CPU it would have in production), crawls it
with `aict`'s spider into a fresh SQLite database with politeness relaxed for this benchmark
only, then runs `scrapy bench` for the same number of seconds and prints both rates, their
ratio (goal ≥ 0.5) and the crawl's peak RSS (goal < 500 MB).

    .venv/bin/python -m benchmarks.bench_crawl [--hosts 8] [--per-host 250]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

NETWORK = "127.0.40.0/24"
SENTENCES = [
    "Le conseil municipal a examiné {n} délibérations lors de sa séance de {jour}.",
    "Les travaux de la rue {rue} doivent durer {n} semaines selon les services techniques.",
    "L'association {asso} organise une collecte au profit des familles du quartier.",
    "La médiathèque propose {n} ateliers numériques gratuits pendant les vacances.",
    "Le club de basket a remporté son {n}e match de la saison devant {n2} spectateurs.",
    "Une réunion publique sur le plan local d'urbanisme se tiendra {jour} à la mairie.",
    "Le marché de producteurs accueille désormais {n} exposants chaque samedi matin.",
    "Les élus ont voté une subvention de {n} 000 euros pour la rénovation du gymnase.",
]
JOURS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"]


def _article(host: int, i: int) -> bytes:
    rng = random.Random(host * 100_000 + i)
    words = {
        "n": rng.randint(2, 90),
        "n2": rng.randint(100, 900),
        "jour": rng.choice(JOURS),
        "rue": f"des Tilleuls {i}",
        "asso": f"Solidarité {host}-{i}",
    }
    paragraphs = "".join(
        "<p>" + " ".join(rng.choice(SENTENCES).format(**words) for _ in range(5)) + "</p>"
        for _ in range(6)
    )
    title = f"Chronique locale {host}-{i} : séance du {words['jour']}"
    return (
        f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>{title}</title>'
        f'<meta property="article:published_time" content="2026-11-{1 + i % 25:02d}T08:00:00+01:00">'
        f"</head><body><header><nav><a href='/'>Accueil</a></nav></header><main><article>"
        f"<h1>{title}</h1>{paragraphs}</article></main><footer>Mentions légales</footer></body></html>"
    ).encode()


def _feed(host: str, port: int, per_host: int) -> bytes:
    items = "".join(
        f"<item><title>Chronique {i}</title><link>http://{host}:{port}/a/{i}</link></item>"
        for i in range(per_host)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Bench</title>{items}'
        "</channel></rss>"
    ).encode()


def _handler(ip: str, number: int, per_host: int) -> type[BaseHTTPRequestHandler]:
    """The request handler of bench host ``number`` on ``ip``: its feed and its articles."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body are separate writes
        host_number, host_ip = number, ip

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            if self.path == "/rss.xml":
                body, kind = (
                    _feed(self.host_ip, self.server.server_address[1], per_host),
                    "application/rss+xml",
                )
            elif match := re.fullmatch(r"/a/(\d+)", self.path):
                body, kind = (
                    _article(self.host_number, int(match.group(1))),
                    "text/html; charset=utf-8",
                )
            else:
                body, kind = b"", "text/plain"
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler


def serve(hosts: int, per_host: int, port_queue: multiprocessing.Queue, lifetime: float) -> None:
    """Child process: one threaded server per host, all on one port, for ``lifetime`` seconds."""
    from demoweb.loopback import LoopbackServers, QuietServer

    ips = [f"127.0.40.{h + 1}" for h in range(hosts)]

    def make(address: tuple[str, int]) -> QuietServer:
        return QuietServer(address, _handler(address[0], ips.index(address[0]), per_host))

    web = LoopbackServers(ips, make, lifetime=lifetime, name="bench-crawl").start()
    port_queue.put(web.port)
    time.sleep(lifetime)


def crawl_child(db_url: str, sources: str) -> None:
    """Run in a fresh interpreter: load the sources, crawl them, print the Scrapy stats."""
    from crawlers.plan import build_plan
    from crawlers.registry import load_registry
    from crawlers.runner import run_crawl
    from storage.bootstrap import init_database
    from storage.engine import make_engine

    engine = make_engine(db_url)
    init_database(engine)
    load_registry(engine, sources)
    plan = build_plan(engine, due_only=False, discover="none")
    engine.dispose()
    report = run_crawl(db_url, plan)
    stats = {k: v for k, v in report.stats.items() if isinstance(v, int | float)}
    stats["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # The extraction worker (B10) is a child process, reaped when the spider closes.
    stats["worker_peak_rss_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print("BENCH " + json.dumps(stats))


def scrapy_bench(seconds: int) -> dict[str, float]:
    """`scrapy bench` for ``seconds``: pages crawled per second."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "scrapy",
            "bench",
            "-s",
            f"CLOSESPIDER_TIMEOUT={seconds}",
            "-s",
            "LOG_LEVEL=INFO",
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 120,
        check=False,
        cwd=tempfile.gettempdir(),
    )
    log = result.stderr
    pages = int(re.search(r"'response_received_count': (\d+)", log).group(1))
    elapsed = float(re.search(r"'elapsed_time_seconds': ([\d.]+)", log).group(1))
    return {"pages": pages, "seconds": elapsed, "pages_per_s": pages / elapsed}


def _crawl(tmp: str, sources: Path, network: str) -> tuple[dict, float]:
    """Crawl ``sources`` in a child interpreter; its Scrapy stats and the wall time."""
    relaxed = {
        "CONCURRENT_REQUESTS": 16,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 4,
        "DOWNLOAD_DELAY": 0,
        "AUTOTHROTTLE_ENABLED": False,
        "AICT_STORE_BATCH": 200,
    }
    env = {
        **os.environ,
        "AICT_ALLOW_NETWORKS": network,
        "AICT_SCRAPY_SETTINGS": json.dumps(relaxed),
    }
    started = time.monotonic()
    argv = [sys.executable, "-m", "benchmarks.bench_crawl", "--child", f"sqlite:///{tmp}/bench.db"]
    child = subprocess.run(
        [*argv, str(sources)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        env=env,
        check=False,
    )
    wall = time.monotonic() - started
    line = next((x for x in child.stdout.splitlines() if x.startswith("BENCH ")), None)
    if line is None:
        print(child.stderr[-3000:], file=sys.stderr)
        return {}, wall
    return json.loads(line[6:]), wall


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generated", action="store_true", help="generated site, not the demo")
    parser.add_argument("--hosts", type=int, default=8)
    parser.add_argument("--per-host", type=int, default=250)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        crawl_child(*args.child)
        return 0

    with tempfile.TemporaryDirectory() as tmp:
        if args.generated:
            queue: multiprocessing.Queue = multiprocessing.Queue()
            server = multiprocessing.Process(
                target=serve, args=(args.hosts, args.per_host, queue, 600), daemon=True
            )
            server.start()
            port = queue.get(timeout=30)
            sources = Path(tmp) / "bench.yaml"
            entries = [
                f"  - {{slug: bench-{h}, name: Bench {h}, kind: press, "
                f'feeds: ["http://127.0.40.{h + 1}:{port}/rss.xml"]}}'
                for h in range(args.hosts)
            ]
            sources.write_text("sources:\n" + "\n".join(entries) + "\n", encoding="utf-8")
            stats, wall = _crawl(tmp, sources, NETWORK)
            server.terminate()
            what = f"generated site ({args.hosts} hosts x {args.per_host} articles)"
        else:
            from demoweb.server import DemoWeb

            with DemoWeb(workdir=tmp) as web:
                stats, wall = _crawl(tmp, Path(str(web.sources_file)), "127.0.10.0/24")
                what = f"demo web ({len(web.hosts)} sites)"
    if not stats:
        return 1
    print(f"site       : {what}")
    ours = stats["response_received_count"] / stats["elapsed_time_seconds"]
    reference = scrapy_bench(max(10, int(stats["elapsed_time_seconds"])))
    print(
        f"aict crawl : {stats['response_received_count']} responses, {stats.get('aict/stored', 0)} "
        f"articles stored in {stats['elapsed_time_seconds']:.1f} s -> {ours:.1f} pages/s "
        f"(process wall time {wall:.1f} s incl. start-up and schema)"
    )
    print(
        f"scrapy bench: {reference['pages']} pages in {reference['seconds']:.1f} s -> "
        f"{reference['pages_per_s']:.1f} pages/s"
    )
    print(f"ratio      : {ours / reference['pages_per_s']:.2f}x (goal >= 0.5x)")
    print(
        f"peak RSS   : {stats['peak_rss_mb']:.0f} MB (goal < 500 MB), "
        f"extraction worker {stats.get('worker_peak_rss_mb', 0):.0f} MB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

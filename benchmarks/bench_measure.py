"""Measure benchmark: `run_measure` and the SQL cookbook on 1,000,000 press articles.

Generates 1,000,000 synthetic press articles (every one tagged, ~3 % AICT with objects, actors
and partner countries; some AICT articles relay a council item with a reworded, partly copied
text, some of those syndicated in a second title) and 20,000 council AICT news items, written
with the project's upserts and ``write_tags`` in batches of 10,000 (one transaction per batch),
on SQLite (temp file) and PostgreSQL (throwaway database, dropped at the end). Then times
``run_measure`` on each, every ``docs/sql-cookbook.md`` query through ``run_query`` on each,
and a baseline in the same run: relay linking on a 2,000-item subset done naively (every
council item scored against every press AICT article of its window, found by a linear scan,
without the actor/date index) next to ``measure.relay.link`` on the same subset.

Goals (issue 5): measure < 60 s on SQLite, < 20 s on PostgreSQL; each cookbook query < 1 s on
PostgreSQL.

Usage: ``.venv/bin/python -m benchmarks.bench_measure [--press N] [--council N] [--pg URL]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url

from measure.relay import WINDOW_AFTER, WINDOW_BEFORE, _shares_partner, link
from measure.run import end_of_day, load_items, run_measure
from measure.similarity import fit_vectors
from models.base import OBJECT_IDS
from storage.bootstrap import init_database
from storage.engine import make_engine, resolve_url, write_session
from storage.officer import run_query
from storage.tagstore import write_tags
from storage.timeutil import iso_week_of_date
from storage.upserts import (
    article_row,
    source_ids,
    upsert_articles,
    upsert_feed_health,
    upsert_feeds,
    upsert_sources,
)
from tests.measure.test_cookbook import cookbook_queries

BATCH = 10_000
START = dt.datetime(2026, 1, 1, 6, 0, tzinfo=dt.UTC)
DAYS = 320  # 1 January → mid-November 2026
AS_OF = (START + dt.timedelta(days=DAYS)).date()
PRESS_SOURCES = 60
COUNCILS = 200
OBJECTS = OBJECT_IDS
COUNTRIES = (
    "BF", "SN", "ML", "NE", "MG", "HT", "BJ", "TG", "CM", "MA", "TN", "DZ", "VN", "KH", "LB",
    "PS", "DE", "IT", "ES", "PL", "RO", "GB", "JP", "CA", "US", "BR", "CI", "CD", "ET", "UA",
)  # fmt: skip
RELAY_SHARE = 0.2  # share of council items the press relays
SYNDICATED_SHARE = 0.3  # share of relays also published by a second title of the group


def words(rng: random.Random, vocab: list[str], n: int) -> str:
    return " ".join(rng.choices(vocab, k=n))


class World:
    """The deterministic synthetic world: actors, their partner countries, a vocabulary."""

    def __init__(self, seed: int = 7) -> None:
        self.rng = random.Random(seed)
        syll = ["ba", "ko", "ri", "ta", "mou", "sa", "ne", "lo", "vi", "du", "ga", "pe", "zo"]
        self.vocab = sorted({"".join(self.rng.choice(syll) for _ in range(3)) for _ in range(6000)})
        # commune:73065 (Chambéry) is actor 0 so the cookbook's literal finds rows.
        self.actors = ["commune:73065"] + [
            f"commune:{1000 + 37 * k:05d}" for k in range(1, COUNCILS)
        ]
        self.partner_countries = {
            a: (["BF"] if k == 0 else []) + self.rng.sample(COUNTRIES, 2)
            for k, a in enumerate(self.actors)
        }
        self.partner_city = {a: words(self.rng, self.vocab, 1).title() for a in self.actors}


def tag(actor: str, country: str, partner: str, objects: list[str]) -> dict:
    return {
        "is_aict": True,
        "score": 0.9,
        "objects": objects,
        "object_scores": {o: 0.8 for o in objects},
        "actors": [{"name": actor, "code": actor}],
        "partners": [partner],
        "partner_countries": [country],
    }


PLAIN = {
    "is_aict": False,
    "score": 0.05,
    "objects": [],
    "object_scores": {},
    "actors": [],
    "partners": [],
    "partner_countries": [],
}


def council_items(world: World, n: int) -> list[dict]:
    """Council AICT items: (actor, country, partner, objects, when, text)."""
    rng = random.Random(11)
    out = []
    for k in range(n):
        actor = world.actors[k % COUNCILS]
        country = rng.choice(world.partner_countries[actor])
        objects = sorted(set(rng.sample(OBJECTS, rng.choice((1, 1, 2)))))
        when = START + dt.timedelta(minutes=rng.randrange(DAYS * 1440))
        body = words(rng, world.vocab, 60)
        out.append(
            {
                "n": k,
                "actor": actor,
                "country": country,
                "partner": world.partner_city[actor],
                "objects": objects,
                "when": when,
                "title": f"{world.partner_city[actor]} : {words(rng, world.vocab, 4)}",
                "text": f"La collectivité et {world.partner_city[actor]} : {body}.",
            }
        )
    return out


def relay_text(rng: random.Random, world: World, item: dict) -> str:
    """A press rewrite of a council item: some sentences copied, the rest reworded."""
    source = item["text"].split()
    kept = source[: rng.randrange(10, 40)]
    return " ".join(kept + words(rng, world.vocab, 40).split())


def generate(url_engines: list, world: World, n_press: int, n_council: int) -> dict:
    """Write the synthetic corpus to every engine; returns counts."""
    rng = random.Random(3)
    for engine in url_engines:
        init_database(engine)
        with write_session(engine) as s:
            upsert_sources(
                s,
                [
                    {
                        "slug": f"journal-{k:02d}",
                        "name": f"Journal {k}",
                        "kind": "press",
                        "group_name": f"groupe-{k % 12}",
                        "circulation": 20_000 + 1_000 * k if k % 3 else None,
                    }
                    for k in range(PRESS_SOURCES)
                ]
                + [
                    {
                        "slug": f"collectivite-{k:03d}",
                        "name": f"Collectivité {k}",
                        "kind": "council",
                        "collectivite_code": a,
                    }
                    for k, a in enumerate(world.actors)
                ],
            )
            sid = source_ids(s)
            upsert_feeds(
                s,
                [
                    {"source_id": sid[f"journal-{k:02d}"], "url": f"https://j{k}.example/rss"}
                    for k in range(PRESS_SOURCES)
                ],
            )
        _health(engine, sid)
    press_sid = [sid[f"journal-{k:02d}"] for k in range(PRESS_SOURCES)]
    council = council_items(world, n_council)
    # Council items.
    for lo in range(0, n_council, BATCH):
        rows, tags = [], []
        for item in council[lo : lo + BATCH]:
            url = f"https://collectivite-{item['n'] % COUNCILS:03d}.example/actu/{item['n']}"
            row = article_row(
                source_id=sid[f"collectivite-{item['n'] % COUNCILS:03d}"],
                url=url,
                normalized_url=url,
                title=item["title"],
                text=item["text"],
                published_at=item["when"],
            )
            item["id"] = row["id"]
            rows.append(row)
            tags.append(
                (row["id"], tag(item["actor"], item["country"], item["partner"], item["objects"]))
            )
        _write(url_engines, rows, tags)
    # Press: relays first, then other AICT articles, then ordinary news, in batches.
    relayed = rng.sample(council, int(n_council * RELAY_SHARE))
    n_aict = int(n_press * 0.03)
    written = 0

    def press_rows():  # type: ignore[no-untyped-def]
        nonlocal written
        for item in relayed:
            when = item["when"] + dt.timedelta(hours=rng.randrange(-40, 21 * 24))
            title = f"{item['partner']} et la collectivité : {words(rng, world.vocab, 3)}"
            body = relay_text(rng, world, item)
            t = tag(item["actor"], item["country"], item["partner"], item["objects"])
            k = rng.randrange(PRESS_SOURCES)
            yield press_sid[k], f"r{item['n']}", title, body, when, t, None
            if rng.random() < SYNDICATED_SHARE:
                k2 = (k + 12) % PRESS_SOURCES  # same group_name (k % 12)
                yield press_sid[k2], f"r{item['n']}c", title, body, when, t, f"r{item['n']}"
        while written < n_aict:
            actor = rng.choice(world.actors)
            country = rng.choice(world.partner_countries[actor])
            objects = sorted(set(rng.sample(OBJECTS, rng.choice((1, 1, 2)))))
            when = START + dt.timedelta(minutes=rng.randrange(DAYS * 1440))
            t = tag(actor, country, world.partner_city[actor], objects)
            title = f"{world.partner_city[actor]} : {words(rng, world.vocab, 4)}"
            yield (
                rng.choice(press_sid),
                f"a{written}",
                title,
                words(rng, world.vocab, 70),
                when,
                t,
                None,
            )
        while written < n_press:
            when = START + dt.timedelta(minutes=rng.randrange(DAYS * 1440))
            title = f"Faits divers : {words(rng, world.vocab, 4)}"
            yield (
                rng.choice(press_sid),
                f"p{written}",
                title,
                words(rng, world.vocab, 50),
                when,
                PLAIN,
                None,
            )

    ids: dict[str, str] = {}
    rows, tags = [], []
    for source, key, title, body, when, t, copy_of in press_rows():
        url = f"https://presse.example/{key}"
        extra = {"syndicated_of": ids[copy_of]} if copy_of else {}
        row = article_row(
            source_id=source,
            url=url,
            normalized_url=url,
            title=title,
            text=body,
            published_at=when,
            **extra,
        )
        ids[key] = row["id"]
        rows.append(row)
        tags.append((row["id"], t))
        written += 1
        if len(rows) == BATCH:
            _write(url_engines, rows, tags)
            rows, tags = [], []
            if written % 100_000 == 0:
                print(f"  … {written:,} press articles", file=sys.stderr, flush=True)
    if rows:
        _write(url_engines, rows, tags)
    return {"press": written, "council": n_council, "relayed": len(relayed)}


def _write(engines: list, rows: list[dict], tags: list) -> None:
    for engine in engines:
        with write_session(engine) as s:
            upsert_articles(s, rows)
        with write_session(engine) as s:
            write_tags(s, "bench-1", tags)


def _health(engine, sid: dict[str, int]) -> None:  # type: ignore[no-untyped-def]
    """Daily feed health: every third title misses a day now and then (collection gaps)."""
    from sqlalchemy import select

    from models import Feed

    rng = random.Random(5)
    with write_session(engine) as s:
        feeds = list(s.execute(select(Feed.id, Feed.url)))
        rows = []
        for feed_id, url in feeds:
            flaky = int(url.split("//j")[1].split(".")[0]) % 3 == 0
            for d in range(DAYS):
                day = START.date() + dt.timedelta(days=d)
                ok = not (flaky and rng.random() < 0.05)
                rows.append(
                    {
                        "feed_id": feed_id,
                        "day": day,
                        "week": iso_week_of_date(day),
                        "fetches": 4,
                        "successes": 4 if ok else 0,
                        "new_items": 10,
                    }
                )
        upsert_feed_health(s, rows)
        s.execute(
            text("UPDATE feeds SET status = 'error', failures = 2.5 WHERE url LIKE :p"),
            {"p": "https://j1%"},
        )


def naive_link(council, press) -> int:  # type: ignore[no-untyped-def]
    """Baseline: score every council item against every press item of its window (linear scan)."""
    _, matrix = fit_vectors([c.text for c in council] + [p.text for p in press])
    n_c = len(council)
    found = 0
    for i, c in enumerate(council):
        low, high = c.published - WINDOW_BEFORE, c.published + WINDOW_AFTER
        window = [j for j, p in enumerate(press) if low <= p.published <= high]
        if not window:
            continue
        sims = (matrix[[n_c + j for j in window]] @ matrix[i].T).toarray().ravel()
        for j, sim in zip(window, sims, strict=True):
            p = press[j]
            if sim >= 0.12 and c.actor_codes & p.actor_codes and _shares_partner(c, p):
                found += 1
    return found


def bench_baseline(engine) -> dict:  # type: ignore[no-untyped-def]
    from sqlalchemy.orm import Session

    with Session(engine) as s:
        until = end_of_day(AS_OF)
        council, _ = load_items(s, "council", until)
        press, _ = load_items(s, "press", until)
    subset = council[:2000]
    t = time.perf_counter()
    links, _ = link(subset, press)
    indexed = time.perf_counter() - t
    t = time.perf_counter()
    naive = naive_link(subset, press)
    naive_s = time.perf_counter() - t
    return {"indexed_s": indexed, "naive_s": naive_s, "links": len(links), "naive_links": naive}


def time_queries(engine, repeats: int = 3) -> list[tuple[float, float, int]]:  # type: ignore[no-untyped-def]
    out = []
    for query in cookbook_queries():
        times = []
        for _ in range(repeats):
            t = time.perf_counter()
            result = run_query(engine, query)
            times.append(time.perf_counter() - t)
        out.append((times[0], min(times), len(result.rows)))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--press", type=int, default=1_000_000)
    parser.add_argument("--council", type=int, default=20_000)
    parser.add_argument("--pg", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="aict-bench-measure-")
    sqlite_url = f"sqlite:///{tmp}/bench.db"
    admin = make_engine(resolve_url(args.pg), isolation_level="AUTOCOMMIT")
    dbname = f"aict_bench_measure_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{dbname}"'))  # name built from a uuid, not input
    pg_url = make_url(resolve_url(args.pg)).set(database=dbname).render_as_string(False)
    engines = [make_engine(sqlite_url), make_engine(pg_url)]
    try:
        t = time.perf_counter()
        counts = generate(engines, World(), args.press, args.council)
        gen_s = time.perf_counter() - t
        print(f"generated {counts} in {gen_s:.0f} s (both databases)", file=sys.stderr)
        with engines[1].begin() as conn:
            conn.exec_driver_sql("ANALYZE")
        measures, queries = {}, {}
        for engine in engines:
            name = engine.dialect.name
            t = time.perf_counter()
            report = run_measure(engine, AS_OF)
            measures[name] = (time.perf_counter() - t, report)
            t = time.perf_counter()
            run_measure(engine, AS_OF)
            measures[name + " (re-run)"] = (time.perf_counter() - t, report)
            print(f"{name}: measure {measures[name][0]:.1f} s {report}", file=sys.stderr)
            queries[name] = time_queries(engine)
        baseline = bench_baseline(engines[1])
    finally:
        for engine in engines:
            engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)'))
        admin.dispose()
        for f in Path(tmp).glob("*"):
            f.unlink()
        os.rmdir(tmp)

    print(f"\n## Measure — `benchmarks/bench_measure.py`, {dt.date.today()}")
    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
        f". Data: {counts['press']:,} press articles (3 % AICT), {counts['council']:,} council "
        f"AICT items, {counts['relayed']:,} relayed; generated in {gen_s:.0f} s.\n"
    )
    print("| step | SQLite (s) | PostgreSQL (s) | goal |")
    print("|---|---|---|---|")
    sq, pg = measures["sqlite"], measures["postgresql"]
    print(f"| `run_measure` | {sq[0]:.1f} | {pg[0]:.1f} | < 60 / < 20 |")
    print(
        f"| `run_measure` again (same data) | {measures['sqlite (re-run)'][0]:.1f} | "
        f"{measures['postgresql (re-run)'][0]:.1f} | |"
    )
    for k, (qs, qp) in enumerate(zip(queries["sqlite"], queries["postgresql"], strict=True), 1):
        print(
            f"| cookbook Q{k} (first / best of 3; rows) | {qs[0]:.2f} / {qs[1]:.2f}; {qs[2]} | "
            f"{qp[0]:.2f} / {qp[1]:.2f}; {qp[2]} | PG < 1 |"
        )
    print(
        f"\nReport: {pg[1]}\n\nBaseline, relay linking on the first 2,000 council items against "
        f"every press AICT article (in memory, PostgreSQL data): `measure.relay.link` (actor/date "
        f"index) {baseline['indexed_s']:.2f} s, {baseline['links']} links; naive window scan "
        f"scoring every pair {baseline['naive_s']:.2f} s, {baseline['naive_links']} links "
        f"({baseline['naive_s'] / max(baseline['indexed_s'], 1e-9):.1f}× slower)."
    )


if __name__ == "__main__":
    main()

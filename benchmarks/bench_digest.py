"""Digest benchmark: a 5,000-article week sent to 100 recipients through a loopback SMTP server.

Measures loading the week, building + rendering every edition, and the send loop (outbox
commits before and after each message), on SQLite. Baseline: the same send with one edition
rendered per recipient but no outbox (plain smtplib loop), to show what exactly-once costs.
Tags are written by :func:`storage.tagstore.write_tags` (``tests.support.data``), as ``aict tag``
does.
Run: ``.venv/bin/python -m benchmarks.bench_digest``.
"""

from __future__ import annotations

import datetime as dt
import random
import smtplib
import tempfile
import time
from pathlib import Path

from digest.message import build_message
from digest.queries import load_week
from digest.send import build_editions, send_week
from digest.subscriptions import Subscription
from models.base import OBJECT_IDS
from storage.bootstrap import init_database
from storage.engine import make_engine, write_session
from storage.upserts import (
    article_row,
    source_ids,
    upsert_articles,
    upsert_sources,
)
from tests.digest.smtp_server import smtp_server
from tests.support.data import add_tags, make_tag

WEEK, ARTICLES, RECIPIENTS = "2026-W45", 5000, 100
DEPS = ["01", "38", "42", "59", "62", "69", "73", "74"]


def populate(url: str) -> None:
    engine = make_engine(url)
    init_database(engine)
    rng = random.Random(7)
    with write_session(engine) as s:
        upsert_sources(
            s,
            [
                {
                    "slug": f"t{i}",
                    "name": f"Titre {i}",
                    "kind": "press",
                    "departments": DEPS[i % len(DEPS)],
                }
                for i in range(60)
            ],
        )
        ids = source_ids(s)
        rows, tags = [], []
        for n in range(ARTICLES):
            day = dt.datetime(2026, 10, 5, 8, tzinfo=dt.UTC) + dt.timedelta(
                hours=n * 5 * 7 * 24 // ARTICLES
            )
            url = f"https://www.t{n % 60}.fr/a/{n}.html"
            row = article_row(
                source_id=ids[f"t{n % 60}"],
                url=url,
                normalized_url=url,
                title=f"Coopération internationale numéro {n}",
                text="x",
                published_at=day,
            )
            rows.append(row)
            obj = OBJECT_IDS[rng.randrange(8)]
            dep = DEPS[n % len(DEPS)]
            tags.append((row["id"], make_tag([obj], actors=[(f"Département {dep}", f"dep:{dep}")])))
        upsert_articles(s, rows)
        add_tags(s, tags, "bench")
    engine.dispose()


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        populate(url)
        engine = make_engine(url)
        subs = [
            Subscription(email=f"r{i}@example.org", territories=(f"dep:{DEPS[i % len(DEPS)]}",))
            for i in range(RECIPIENTS)
        ]
        t0 = time.perf_counter()
        data = load_week(engine, WEEK)
        t1 = time.perf_counter()
        editions = build_editions(engine, WEEK, subs, "veille@example.org")
        t2 = time.perf_counter()
        largest = max(len(e.rendered.html.encode()) for e in editions)
        yaml_path = Path(tmp) / "subs.yaml"
        yaml_path.write_text(
            "subscriptions:\n"
            + "".join(
                f"  - {{email: {s.email}, territories: [{s.territories[0]}]}}\n" for s in subs
            ),
            encoding="utf-8",
        )
        with smtp_server() as (capture, smtp_url):
            t3 = time.perf_counter()
            report = send_week(engine, WEEK, str(yaml_path), smtp_url, "veille@example.org")
            t4 = time.perf_counter()
            host, port = smtp_url.removeprefix("smtp://").split(":")
            raw = [
                build_message(
                    e.rendered,
                    week=WEEK,
                    subject=e.content.subject,
                    sender="veille@example.org",
                    recipient=e.subscription.email,
                ).as_bytes()
                for e in editions
            ]
            with smtplib.SMTP(host, int(port)) as smtp:
                t5 = time.perf_counter()
                for e, message in zip(editions, raw, strict=True):
                    smtp.sendmail("veille@example.org", [e.subscription.email], message)
                t6 = time.perf_counter()
        assert len(report.sent) == RECIPIENTS and len(capture.received) == 2 * RECIPIENTS
        print(f"articles in the 5 weeks: {len(data.articles):,}; load_week {t1 - t0:.2f} s")
        print(
            f"build + render {RECIPIENTS} editions: {t2 - t1:.2f} s ({(t2 - t1) / RECIPIENTS * 1000:.0f} ms each); "
            f"largest HTML {largest:,} bytes"
        )
        print(f"send_week (build, outbox, SMTP): {t4 - t3:.2f} s for {RECIPIENTS} messages")
        print(f"baseline plain smtplib loop, messages prebuilt, no outbox: {t6 - t5:.2f} s")


if __name__ == "__main__":
    main()

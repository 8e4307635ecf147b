"""Relay threshold calibration on the demo web's ground truth (docs/measures.md).

Runs ``aict demo`` into a temporary directory (crawl → tag → measure, as of ``AICT_AS_OF`` or
today), rebuilds the same deterministic demo web in memory for its ground truth, and scores every
candidate pair of :func:`measure.relay.candidates` (window, shared actor or country, shared
partner) with the production similarity. Prints, per threshold, the true and false links and the
recall of the council items the press really relayed, plus the similarity ranges of true and
false candidates: the numbers behind ``SIMILARITY_THRESHOLD``.

Usage: ``.venv/bin/python -m benchmarks.calibrate_relay [--dir DIR] [--keep]``
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy import select

from demoweb.generate import build_web
from measure.relay import SIMILARITY_THRESHOLD, candidates
from measure.run import end_of_day, load_items
from measure.similarity import fit_vectors, pair_similarities
from models import Article
from storage.engine import make_engine, write_session
from storage.timeutil import paris_today

THRESHOLDS = (0.05, 0.08, 0.10, 0.12, 0.15, 0.20)


def page(url: str) -> str:
    """Address and path: the demo serves on a free port and feeds add tracking parameters."""
    parts = urlsplit(url)
    return f"{parts.hostname}{parts.path}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", help="reuse this demo directory (runs the demo when empty)")
    args = parser.parse_args()
    as_of = paris_today()
    env = {**os.environ, "AICT_AS_OF": as_of.isoformat()}
    workdir = Path(args.dir or tempfile.mkdtemp(prefix="aict-calibrate-"))
    db = workdir / "aict-demo.db"
    if not db.exists():
        aict = Path(sys.executable).with_name("aict")
        subprocess.run([str(aict), "demo", "--dir", str(workdir)], env=env, check=True)

    truth = build_web(as_of).truth
    relay_of = {page(t.url): page(t.relay_of) for t in truth if t.relay_of}
    syndicated = {page(t.url): page(t.syndicated_of) for t in truth if t.syndicated_of}
    relayed_items = {page(t.url) for t in truth if t.relayed_by}

    engine = make_engine(f"sqlite:///{db}")
    with write_session(engine) as s:
        until = end_of_day(as_of)
        council, _ = load_items(s, "council", until)
        press, _ = load_items(s, "press", until)
        url_of = {aid: page(url) for aid, url in s.execute(select(Article.id, Article.url))}
    pairs = candidates(council, press)
    _, matrix = fit_vectors([c.text for c in council] + [p.text for p in press])
    sims = pair_similarities(matrix, [i for i, _ in pairs], [len(council) + j for _, j in pairs])

    def is_true(i: int, j: int) -> bool:
        press_url = url_of[press[j].id]
        original = syndicated.get(press_url, press_url)  # a syndicated copy relays too
        return relay_of.get(original) == url_of[council[i].id]

    scored = [
        (float(sim), is_true(i, j), url_of[council[i].id])
        for (i, j), sim in zip(pairs, sims, strict=True)
    ]
    true_sims = sorted(s for s, ok, _ in scored if ok)
    false_sims = sorted(s for s, ok, _ in scored if not ok)
    print(f"demo as of {as_of}: {len(council)} council and {len(press)} press AICT items tagged,")
    print(
        f"{len(relayed_items)} council items relayed in the ground truth, {len(pairs)} candidates"
    )
    if true_sims:
        print(f"true candidates: {len(true_sims)}, cosine {true_sims[0]:.3f}–{true_sims[-1]:.3f}")
    if false_sims:
        print(f"false candidates: {len(false_sims)}, cosine ≤ {false_sims[-1]:.3f}")
    print("\n| threshold | true links | false links | relayed items found / in truth |")
    print("|---|---|---|---|")
    for threshold in THRESHOLDS:
        kept = [(ok, c) for s, ok, c in scored if s >= threshold]
        found = {c for ok, c in kept if ok}
        mark = "**" if threshold == SIMILARITY_THRESHOLD else ""
        print(
            f"| {mark}{threshold:.2f}{mark} | {sum(ok for ok, _ in kept)} | "
            f"{sum(not ok for ok, _ in kept)} | {len(found)} / {len(relayed_items)} |"
        )
    if not args.dir:
        print(f"\n(demo kept in {workdir})")


if __name__ == "__main__":
    main()

"""Framing benchmark: cost per AICT item of the frame distribution next to the cost of tagging
it (issue 15 item 3).

Items: the AICT texts of the tagger's test split (``nlp/corpus/test``: brèves, long articles,
council-meeting reports), i.e. what framing runs on in production. In one process, models
loaded and warmed up first (loading is measured apart):

1. tagging without framing: ``Tagger().tag`` with the framing hook replaced by the identity;
2. framing alone: ``packaged_classifier().distribution(title, text)`` on the same items;
3. tagging with framing: ``Tagger().tag`` as ``aict tag`` runs it.

Each is the best of ``--repeat`` runs (2 cores shared with other jobs: the minimum is the least
disturbed). BLAS and OpenMP are pinned to one thread, as in bench_tagging.py.
Usage: ``.venv/bin/python -m benchmarks.bench_framing [--repeat N]``
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import platform  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]

from nlp import pipeline  # noqa: E402
from nlp.corpus_io import read_split  # noqa: E402
from nlp.framing import packaged_classifier  # noqa: E402
from nlp.pipeline import Tagger, TextIn  # noqa: E402


def aict_items() -> list[TextIn]:
    """The AICT texts of the tagger's test split."""
    return [
        TextIn(r["id"], r["text"], r.get("title") or "")
        for r in read_split("test")
        if r.get("is_aict")
    ]


def best_of(repeat: int, run: Callable[[], object]) -> float:
    """The smallest wall-clock seconds of ``repeat`` runs."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def measure(items: list[TextIn], repeat: int) -> dict[str, float]:
    """Seconds for the three variants, and the load times, over ``items``."""
    start = time.perf_counter()
    tagger = Tagger()
    list(tagger.tag(items[:5]))  # loads the tagger's models and the framing weights
    load = time.perf_counter() - start
    framing = packaged_classifier()
    hook = pipeline.with_frames
    pipeline.with_frames = lambda record, title, text: record  # type: ignore[assignment]
    try:
        tag_only = best_of(repeat, lambda: list(tagger.tag(items)))
    finally:
        pipeline.with_frames = hook
    frame_only = best_of(repeat, lambda: [framing.distribution(i.title, i.text) for i in items])
    tag_and_frame = best_of(repeat, lambda: list(tagger.tag(items)))
    return {"load": load, "tag": tag_only, "frame": frame_only, "both": tag_and_frame}


def report(items: list[TextIn], seconds: dict[str, float]) -> str:
    """The Markdown block of BENCHMARKS.md."""
    n = len(items)
    chars = sum(len(i.title) + len(i.text) for i in items) / n
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    per = {k: 1000 * v / n for k, v in seconds.items() if k != "load"}
    return "\n".join(
        [
            f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, {platform.processor() or platform.machine()}, "
            f"{os.cpu_count()} cores shared (load average {load:.1f}), Python "
            f"{platform.python_version()}; {n} AICT items of the tagger's test split, "
            f"{chars:,.0f} characters on average; models loaded in {seconds['load']:.1f} s",
            "",
            "| per AICT item | ms |",
            "|---|---|",
            f"| tagging, without framing | {per['tag']:.1f} |",
            f"| framing alone | {per['frame']:.1f} ({per['frame'] / per['tag']:.0%} of tagging) |",
            f"| tagging with framing (`aict tag`) | {per['both']:.1f} |",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    """Run and print the Markdown block."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    items = aict_items()
    print(report(items, measure(items, args.repeat)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

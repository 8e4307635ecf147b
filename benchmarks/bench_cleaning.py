"""Cleaning benchmark (issue 12, item 7): the cost per page of removing boilerplate lines.

The texts are those extraction gives on the regression pages (``tests/fixtures/pages``),
extracted once before timing. In the same run, per page: the baseline ``clean_text`` alone
(the hygiene every text already gets), then ``clean_text`` + ``strip_boilerplate``, and for
scale the whole ``extract_page``. Each is the median of ``ROUNDS`` rounds over every page.
Run: ``.venv/bin/python -m benchmarks.bench_cleaning``.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from crawlers.cleaning import default_patterns, strip_boilerplate
from crawlers.extract import extract_page
from crawlers.texthygiene import clean_text
from tests.crawlers.pagescore import load_expected

ROUNDS = 200
EXTRACT_ROUNDS = 5


def per_page_ms(work: Callable[[str], object], inputs: list[str], rounds: int) -> float:
    """Median over ``rounds`` of the mean time per input, in milliseconds."""
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        for value in inputs:
            work(value)
        samples.append((time.perf_counter() - start) / len(inputs) * 1000)
    return statistics.median(samples)


def main() -> None:
    rows = [row for row in load_expected() if row.article]
    pages = [(row.html, row.url) for row in rows]
    texts = [extract_page(html, url).text for html, url in pages]
    default_patterns()  # compiled once per process, like the crawl's
    lines = sum(t.count("\n") + 1 for t in texts)
    removed = sum((t.count("\n") + 1) - (strip_boilerplate(t).count("\n") + 1) for t in texts if t)
    base = per_page_ms(clean_text, texts, ROUNDS)
    both = per_page_ms(lambda t: strip_boilerplate(clean_text(t)), texts, ROUNDS)
    start = time.perf_counter()
    for _ in range(EXTRACT_ROUNDS):
        for html, url in pages:
            extract_page(html, url)
    extract = (time.perf_counter() - start) / (EXTRACT_ROUNDS * len(pages)) * 1000
    chars = statistics.mean(len(t) for t in texts)
    print(f"{len(texts)} article texts, {chars:.0f} characters and {lines / len(texts):.1f} lines")
    print(f"  on average; {removed} boilerplate lines removed in all")
    print(f"clean_text alone (baseline)        {base:8.3f} ms/page")
    print(f"clean_text + strip_boilerplate      {both:8.3f} ms/page")
    print(f"  cleaning step's own cost          {both - base:8.3f} ms/page")
    print(f"extract_page (for scale)            {extract:8.3f} ms/page")
    print(f"  cleaning / extraction             {100 * (both - base) / extract:8.2f} %")


if __name__ == "__main__":
    main()

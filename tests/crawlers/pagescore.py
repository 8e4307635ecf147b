"""Scores of the issue-12 regression pages (``tests/fixtures/pages``): ours against the libraries.

Every page of the set is run through our extraction as the crawl runs it — ``extract_page``,
then every item pipeline that needs no crawler (validation, cleaning, dates, …) in the order
of ``ITEM_PIPELINES`` — and through the baselines of the same run: bare trafilatura (title
of ``bare_extraction``, its text for context) and htmldate alone under each of its settings.
The expected values in ``expected.csv`` are what a reader of the page sees; they are never
tuned to any output. ``python -m tests.crawlers.pagescore [--baselines]`` prints the table
(and the baselines' misses).

A page counts as *stored as an article* unless ``extract_page`` raises, the page it returns
says ``unrendered`` (or ``is_article`` false), or a pipeline drops the item.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import trafilatura
from htmldate import find_date
from scrapy.exceptions import DropItem

from crawlers.extract import extract_page
from crawlers.records import ArticleItem
from crawlers.settings import ITEM_PIPELINES
from storage.timeutil import PARIS

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"
#: htmldate settings compared: (original_date, extensive_search); the floor is the best one.
HTMLDATE_SETTINGS = ((True, True), (True, False), (False, True), (False, False))
_BLANKS = re.compile(r"\s+")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u00a0": " ", "\u202f": " "})


def fold(text: str | None) -> str:
    """Comparison form: NFC, typographic apostrophes and blanks folded (entities stay: a title
    holding ``&nbsp;`` is wrong)."""
    text = unicodedata.normalize("NFC", text or "").translate(_APOSTROPHES)
    return " ".join(text.split())


@dataclass(frozen=True)
class Expected:
    """One row of ``expected.csv``: the truth of a page as a reader sees it."""

    file: str
    url: str
    title: str
    published_day: dt.date | None
    paywalled: bool
    article: bool
    boilerplate: tuple[str, ...]
    must_keep: tuple[str, ...]

    @property
    def html(self) -> str:
        return (PAGES / self.file).read_text(encoding="utf-8")


def _flag(value: str) -> bool:
    if value not in ("true", "false"):
        raise ValueError(f"expected true/false, got {value!r}")
    return value == "true"


def _snippets(value: str) -> tuple[str, ...]:
    return tuple(part for part in value.split("|") if part)


def load_expected(path: Path = PAGES / "expected.csv") -> list[Expected]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            Expected(
                file=row["file"],
                url=row["url"],
                title=row["title"],
                published_day=(
                    dt.date.fromisoformat(row["published_day"]) if row["published_day"] else None
                ),
                paywalled=_flag(row["paywalled"]),
                article=_flag(row["article"]),
                boilerplate=_snippets(row["boilerplate"]),
                must_keep=_snippets(row["must_keep"]),
            )
            for row in csv.DictReader(handle)
        ]


@dataclass
class Outcome:
    """What one extractor made of one page."""

    stored: bool = True
    title: str | None = None
    day: dt.date | None = None
    paywalled: bool | None = None
    text: str = ""
    error: str | None = None


def _crawler_free_pipelines() -> list[Any]:
    pipelines = []
    for path, _order in sorted(ITEM_PIPELINES.items(), key=lambda pair: pair[1]):
        module, _, name = path.rpartition(".")
        cls = getattr(importlib.import_module(module), name)
        if not hasattr(cls, "from_crawler"):
            pipelines.append(cls())
    return pipelines


def _paris_day(item: ArticleItem) -> dt.date | None:
    day = getattr(item, "published_date", None)
    if isinstance(day, dt.date) and not isinstance(day, dt.datetime):
        return day
    if item.published_at is None:
        return None
    return item.published_at.astimezone(PARIS).date()


def ours(expected: Expected, pipelines: list[Any]) -> Outcome:
    html = expected.html
    try:
        page = extract_page(html, expected.url)
    except Exception as exc:  # noqa: BLE001 - a refusal (unrendered page) or a crash: not stored
        return Outcome(stored=False, error=f"{type(exc).__name__}: {exc}")
    if getattr(page, "unrendered", False) or getattr(page, "is_article", True) is False:
        return Outcome(stored=False, error="unrendered")
    item = ArticleItem(
        url=expected.url,
        source_id=1,
        source_kind="press",
        group=None,
        feed_id=None,
        html=html,
        encoding="utf-8",
        http_status=200,
        page=page,
        normalized_url=expected.url,
    )
    for pipeline in pipelines:
        try:
            item = pipeline.process_item(item)
        except DropItem as exc:
            return Outcome(stored=False, error=f"dropped: {exc}")
    return Outcome(
        title=item.page.title,
        day=_paris_day(item),
        paywalled=item.page.paywalled,
        text=item.page.text,
    )


def trafilatura_alone(expected: Expected) -> Outcome:
    doc = trafilatura.bare_extraction(expected.html, url=expected.url, with_metadata=True)
    if doc is None:
        return Outcome(stored=False)
    return Outcome(title=doc.title, text=doc.text or "")


def htmldate_alone(expected: Expected, original: bool, extensive: bool) -> dt.date | None:
    try:
        found = find_date(
            expected.html, url=expected.url, original_date=original, extensive_search=extensive
        )
    except Exception:  # noqa: BLE001 - htmldate raises assorted errors on odd markup
        return None
    return dt.date.fromisoformat(found) if found else None


def leftover_boilerplate(expected: Expected, text: str) -> list[str]:
    folded = fold(text)
    return [snippet for snippet in expected.boilerplate if fold(snippet) in folded]


def lost_sentences(expected: Expected, text: str) -> list[str]:
    folded = fold(text)
    return [snippet for snippet in expected.must_keep if fold(snippet) not in folded]


@dataclass
class Scores:
    """Counts over the set; ``failures`` names the page behind every miss."""

    articles: int = 0
    templates: int = 0
    title_ok: int = 0
    day_ok: int = 0
    paywall_fp: int = 0
    paywall_fn: int = 0
    templates_stored: int = 0
    boilerplate_pages: int = 0
    must_keep: int = 0
    must_keep_kept: int = 0
    failures: dict[str, list[str]] = field(default_factory=dict)

    def miss(self, kind: str, detail: str) -> None:
        self.failures.setdefault(kind, []).append(detail)


@dataclass
class Report:
    ours: Scores
    trafilatura: Scores
    htmldate: dict[tuple[bool, bool], int]
    dated: int
    htmldate_misses: dict[tuple[bool, bool], list[str]] = field(default_factory=dict)

    @property
    def htmldate_best(self) -> int:
        return max(self.htmldate.values())


def score(rows: list[Expected] | None = None) -> Report:
    rows = rows if rows is not None else load_expected()
    pipelines = _crawler_free_pipelines()
    mine, lib = Scores(), Scores()
    by_setting = dict.fromkeys(HTMLDATE_SETTINGS, 0)
    htmldate_misses: dict[tuple[bool, bool], list[str]] = {s: [] for s in HTMLDATE_SETTINGS}
    dated = 0
    for row in rows:
        got, base = ours(row, pipelines), trafilatura_alone(row)
        if not row.article:
            for scores, outcome in ((mine, got), (lib, base)):
                scores.templates += 1
                if outcome.stored:
                    scores.templates_stored += 1
                    scores.miss("template stored", row.file)
            continue
        if row.published_day is not None:
            dated += 1
            for setting in HTMLDATE_SETTINGS:
                found = htmldate_alone(row, *setting)
                if found == row.published_day:
                    by_setting[setting] += 1
                else:
                    htmldate_misses[setting].append(f"{row.file}: {found}")
            if got.day == row.published_day:
                mine.day_ok += 1
            else:
                mine.miss("day", f"{row.file}: {got.day} (expected {row.published_day})")
        for scores, outcome in ((mine, got), (lib, base)):
            scores.articles += 1
            if not outcome.stored:
                scores.miss("article not stored", f"{row.file}: {outcome.error}")
            if fold(outcome.title) == fold(row.title):
                scores.title_ok += 1
            else:
                scores.miss("title", f"{row.file}: {outcome.title!r}")
            left = leftover_boilerplate(row, outcome.text)
            if left:
                scores.boilerplate_pages += 1
                scores.miss("boilerplate", f"{row.file}: {left}")
            lost = lost_sentences(row, outcome.text)
            scores.must_keep += len(row.must_keep)
            scores.must_keep_kept += len(row.must_keep) - len(lost)
            if lost:
                scores.miss("must_keep lost", f"{row.file}: {lost}")
        if got.paywalled and not row.paywalled:
            mine.paywall_fp += 1
            mine.miss("paywall false positive", row.file)
        if not got.paywalled and row.paywalled:
            mine.paywall_fn += 1
            mine.miss("paywall false negative", row.file)
    return Report(
        ours=mine,
        trafilatura=lib,
        htmldate=by_setting,
        dated=dated,
        htmldate_misses=htmldate_misses,
    )


def _misses(title: str, failures: dict[str, list[str]]) -> list[str]:
    lines = ["", title]
    for kind, details in failures.items():
        lines.append(f"  {kind} ({len(details)}):")
        lines.extend(f"    {_BLANKS.sub(' ', detail)[:220]}" for detail in details)
    return lines


def render(report: Report, baselines: bool = False) -> str:
    mine, lib = report.ours, report.trafilatura
    n = mine.articles
    lines = [
        f"issue-12 regression pages: {n} articles, {mine.templates} unrendered pages, "
        f"{report.dated} dated",
        f"{'':34}{'ours':>10}{'trafilatura':>14}{'htmldate':>10}",
        f"{'titles right':34}{mine.title_ok:>7}/{n:<2}{lib.title_ok:>11}/{n:<2}",
        f"{'Paris days right':34}{mine.day_ok:>7}/{report.dated:<2}{'':14}"
        f"{report.htmldate_best:>7}/{report.dated:<2}",
    ]
    for (original, extensive), right in report.htmldate.items():
        label = f"  htmldate original={original} extensive={extensive}"
        lines.append(f"{label:<58}{right:>7}/{report.dated}")
    lines += [
        f"{'paywall false positives':34}{mine.paywall_fp:>10}",
        f"{'paywall false negatives':34}{mine.paywall_fn:>10}",
        f"{'unrendered pages stored':34}{mine.templates_stored:>10}{lib.templates_stored:>14}",
        f"{'pages with boilerplate left':34}{mine.boilerplate_pages:>7}/{n:<2}"
        f"{lib.boilerplate_pages:>11}/{n:<2}",
        f"{'must_keep snippets kept':34}{mine.must_keep_kept:>7}/{mine.must_keep:<2}"
        f"{lib.must_keep_kept:>11}/{lib.must_keep:<2}",
    ]
    lines += _misses("ours, misses:", mine.failures)
    if baselines:
        lines += _misses("bare trafilatura, misses:", lib.failures)
        best = max(report.htmldate, key=lambda setting: report.htmldate[setting])
        label = f"htmldate original={best[0]} extensive={best[1]}, misses:"
        lines += _misses(label, {"day": report.htmldate_misses.get(best, [])})
    return "\n".join(lines)


if __name__ == "__main__":
    print(render(score(), baselines="--baselines" in sys.argv[1:]))

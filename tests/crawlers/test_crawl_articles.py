"""What a crawl stores of an article: one row per normalised URL, the text decoded right, its
publication date, the paywall flag, syndicated copies and same-title duplicates, the raw HTML.

Reads the fault web (``tests/crawlers/conftest.py``).
"""

from __future__ import annotations

import datetime as dt
import gzip

from tests.crawlers.faultweb import FaultWeb


def test_tracking_variants_one_row_and_cp1252_text(web: FaultWeb) -> None:
    good = web.sites["good"]
    assert sum(n for path, n in good.hits.items() if path.startswith("/a1")) == 1
    (a1,) = [a for a in web.articles("fault-good") if "/a1" in a.url]
    assert a1.normalized_url.endswith("/a1")
    assert "L’œuvre coûte 5 €" in a1.text and "L’œuvre coûte 5 €" == a1.title
    assert not any("\x80" <= c <= "\x9f" for c in a1.text + a1.title)
    assert a1.encoding == "cp1252"
    assert a1.language == "fr"


def _utc(value: object) -> dt.datetime | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    assert isinstance(value, dt.datetime)
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def test_dates_french_naive_cet_and_unparseable(web: FaultWeb) -> None:
    by_path = {a.url.rsplit("/", 1)[-1].split("?")[0]: a for a in web.articles("fault-good")}
    assert _utc(by_path["a1"].published_at) == dt.datetime(2024, 3, 11, 23, 0, tzinfo=dt.UTC)
    assert _utc(by_path["a2"].published_at) == dt.datetime(2024, 3, 12, 17, 0, tzinfo=dt.UTC)
    assert _utc(by_path["a3"].published_at) == dt.datetime(2024, 3, 12, 9, 0, tzinfo=dt.UTC)
    assert by_path["a5"].published_at is None and by_path["a5"].first_seen_at is not None


def test_paywall_flag(web: FaultWeb) -> None:
    by_path = {a.url.rsplit("/", 1)[-1]: a for a in web.articles("fault-good")}
    assert bool(by_path["a2"].paywalled) and bool(by_path["a2"].text_truncated)
    assert not bool(by_path["a3"].paywalled)


def test_syndicated_copy_points_at_first(web: FaultWeb) -> None:
    (a3,) = [a for a in web.articles("fault-good") if a.url.endswith("/a3")]
    (copy,) = web.articles("fault-syndic")
    assert (copy.syndicated_of == a3.id) != (a3.syndicated_of == copy.id)


def test_title_duplicate_within_source_dropped(web: FaultWeb) -> None:
    assert web.sites["good"].hits["/a6"] == 1
    assert not [a for a in web.articles("fault-good") if a.url.endswith("/a6")]


def test_raw_html_kept_compressed(web: FaultWeb) -> None:
    (a3,) = [a for a in web.articles("fault-good") if a.url.endswith("/a3")]
    (body,) = web.query("SELECT body_gz FROM raw_pages WHERE article_id = :i", i=a3.id)[0]
    assert "Kayes" in gzip.decompress(bytes(body)).decode("utf-8")

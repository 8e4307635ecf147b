"""Issue 12 item 8: a crawl DAG fetches the feeds that are due, never every feed of a source.

One loopback press title has two feeds: ``/une.xml`` was never fetched (due), ``/sport.xml``
was fetched an hour before the first run and waits two more hours (its adaptive interval).
Runs of ``aict_crawl_press`` through ``dag.test()`` at successive logical dates must follow
each feed's own schedule: batching sources into ``--only`` lists must not change what is due.
The logical dates lie before the real time of the fetches, as in production (a run executes
after its logical date), so a fetch always moves a feed's next poll past the run's clock.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import query_db
from tests.dags.conftest import load_dag, task_states
from tests.support.cli import run_aict
from tests.support.sites import TEST_NETWORK, FixtureSite, article_html, rss
from tests.support.sources import source_entry, write_sources

SLUG = "la-gazette"
TEXT = (
    "Le département a reçu une délégation de la région de Kayes pour faire le point sur le "
    "programme d'hydraulique villageoise financé depuis 2019 avec trois communes du Mali."
)
FEEDS = {"/une.xml": "une", "/sport.xml": "sport"}
#: The first run's clock (its logical date: the press DAG's 30-minute trigger has no interval),
#: five hours before the fetches really happen.
RUN = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0) - dt.timedelta(hours=5)
HOUR = dt.timedelta(hours=1)


def _site() -> FixtureSite:
    site = FixtureSite(lifetime=240)
    for path, rubric in FEEDS.items():
        items = []
        for n in range(2):
            link = site.url(f"/{rubric}/la-cooperation-avec-kayes-{n}.html")
            items.append({"title": f"Kayes, {rubric} {n}", "link": link})
            site.route(
                link.removeprefix(site.base),
                article_html(f"Kayes, {rubric} {n}", f"{TEXT}\nRubrique {rubric}, épisode {n}."),
            )
        site.route(path, rss(items), content_type="application/rss+xml")
    return site


@pytest.fixture
def gazette(
    airflow_db: Path, observatory: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[FixtureSite, str]]:
    from sqlalchemy import select

    from crawlers.registry import read_registry, store_registry
    from models import Feed
    from storage.engine import make_engine, write_session

    monkeypatch.setenv("AICT_ALLOW_NETWORKS", TEST_NETWORK)
    monkeypatch.setenv(
        "AICT_SCRAPY_SETTINGS", json.dumps({"DOWNLOAD_TIMEOUT": 5, "RETRY_TIMES": 0})
    )
    # Job directories of these runs stay out of the pipeline test's count.
    monkeypatch.setenv("AICT_JOBS_DIR", str(tmp_path / "jobs"))
    with _site() as site:
        feeds = [{"url": site.url(p), "kind": "rss", "departments": ["38"]} for p in FEEDS]
        source = source_entry(SLUG, feeds, name="La Gazette")
        path = write_sources(tmp_path / "sources.yaml", [source])
        engine = make_engine(observatory)
        store_registry(engine, read_registry(path))
        # /sport.xml was polled an hour ago and is next due two hours after the run.
        with write_session(engine) as session:
            sport = session.scalars(select(Feed).where(Feed.url == site.url("/sport.xml"))).one()
            sport.status, sport.poll_minutes = "ok", 180
            sport.last_fetch_at = sport.last_success_at = RUN - HOUR
            sport.next_fetch_at = RUN + 2 * HOUR
        engine.dispose()
        yield site, observatory


def _run(at: dt.datetime) -> dict[str, list[str]]:
    run = load_dag("aict_crawl_press", retries=0).test(logical_date=at)
    return task_states(run) | {"_run": [str(run.state)]}


def test_a_dag_run_crawls_only_the_due_feeds_of_a_source(
    gazette: tuple[FixtureSite, str],
) -> None:
    site, db = gazette

    def hits() -> tuple[int, int]:
        return site.hits["/une.xml"], site.hits["/sport.xml"]

    first = _run(RUN)
    assert first["_run"] == ["success"], first
    # Before the fix the batch's `--only la-gazette` fetched every feed of the source: (1, 1).
    assert hits() == (1, 0), "a feed that is not due was fetched"
    assert site.hits["/sport/la-cooperation-avec-kayes-0.html"] == 0

    # Three hours on, /sport.xml is due; /une.xml was just fetched (its next poll is later).
    second = _run(RUN + 3 * HOUR)
    assert second["_run"] == ["success"], second
    assert hits() == (1, 1)
    assert query_db(db, "SELECT count(*) FROM articles")[0][0] == 4

    # The same logical date again: nothing is due any more, no batch, nothing fetched.
    again = _run(RUN + 3 * HOUR)
    assert again["_run"] == ["success"], again
    assert set(again.get("crawl", [])) <= {"skipped"}  # an empty mapping
    assert hits() == (1, 1)

    # An hour after the real fetches: /une.xml (2 new of 2: 15 min) is due again, /sport.xml
    # (180 min halved to 90) is not. Each feed follows its own adaptive interval.
    later = _run(RUN + 6 * HOUR)
    assert later["_run"] == ["success"], later
    assert hits() == (2, 1)


def test_the_runs_listing_and_each_batch_share_the_planners_due_rule(observatory: str) -> None:
    """due_sources is build_plan at the run's clock; a batch re-plans with the same rule."""
    from crawlers.plan import build_plan, due_sources
    from models import Feed
    from orchestration.batches import crawl_args
    from storage.engine import make_engine, write_session
    from tests.support.data import add_source

    at = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)
    engine = make_engine(observatory)
    with write_session(engine) as session:
        ids = {
            "a-due": add_source(session, "a-due", departments="38"),
            "b-waits": add_source(session, "b-waits", departments="01"),
            "c-suspect": add_source(session, "c-suspect", status="suspect"),
            "d-off": add_source(session, "d-off", enabled=False),
            "ville-new": add_source(
                session, "ville-new", kind="council", homepage="https://ville.fr/"
            ),
        }
        next_poll = {
            ("a-due", "1"): at,  # due: its time has come
            ("a-due", "2"): at + HOUR,
            ("b-waits", "1"): at + dt.timedelta(seconds=1),
            ("c-suspect", "1"): None,
            ("d-off", "1"): None,
        }
        for (slug, n), when in next_poll.items():
            session.add(
                Feed(source_id=ids[slug], url=f"https://{slug}.fr/{n}.xml", next_fetch_at=when)
            )
    assert due_sources(engine, "press", at) == [("a-due", "38")]
    assert due_sources(engine, "council", at) == [("ville-new", "")]  # discovery is due
    plan = build_plan(engine, slugs=["a-due", "b-waits"], now=at, due_only=True)
    assert [t.url for t in plan.feeds] == ["https://a-due.fr/1.xml"]
    engine.dispose()
    args = crawl_args(Path("/jobs/x"), ["a-due"], at)
    assert args == [
        "crawl",
        "--jobdir",
        "/jobs/x",
        "--due-at",
        "2026-11-20T12:00:00+00:00",
        "--only",
        "a-due",
    ]


def test_due_at_needs_an_aware_iso_moment(observatory: str) -> None:
    for bad, why in (("demain", "not an ISO 8601"), ("2026-11-20T12:00:00", "UTC offset")):
        done = run_aict("crawl", "--db", observatory, "--due-at", bad, timeout=60)
        assert done.returncode == 1
        assert done.stderr.count("\n") == 1 and why in done.stderr, done.stderr

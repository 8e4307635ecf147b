"""The discovery DAG's batches (issue 16 item 8): bounded, stamped with their listing time, and
run as ``aict sources discover --skip-since LISTED_AT --only …`` so a retried batch probes only
the sites its earlier try did not settle."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import Engine, text

from crawlers.registry import load_registry
from orchestration.batches import discovery_args, discovery_batches
from tests.support.sources import source_entry, write_sources


def _councils(engine: Engine, tmp_path: Path, n: int) -> None:
    entries = [
        source_entry(
            f"ville-{i:03d}",
            kind="council",
            collectivite=f"commune:01{i:03d}",
            homepage=f"https://ville-{i:03d}.example.fr/",
            departments=[f"{i % 3 + 1:02d}"],
        )
        for i in range(n)
    ]
    load_registry(engine, write_sources(tmp_path / "councils.yaml", entries))


def test_discovery_batches_carry_their_listing_time(engine: Engine, tmp_path: Path) -> None:
    _councils(engine, tmp_path, 45)
    with engine.begin() as conn:
        conn.execute(text("UPDATE sources SET enabled = false WHERE slug = 'ville-044'"))
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    listed = discovery_batches(engine, min_size=20)
    assert [len(b["slugs"]) for b in listed] == [20, 20, 4]  # enabled councils only
    assert sorted(s for b in listed for s in b["slugs"]) == [f"ville-{i:03d}" for i in range(44)]
    stamp = dt.datetime.fromisoformat(listed[0]["listed_at"])
    assert {b["listed_at"] for b in listed} == {listed[0]["listed_at"]}
    assert before <= stamp <= dt.datetime.now(dt.UTC)
    args = discovery_args(listed[2])
    assert args[:4] == ["sources", "discover", "--skip-since", listed[0]["listed_at"]]
    assert args[4:] == [a for slug in listed[2]["slugs"] for a in ("--only", slug)]

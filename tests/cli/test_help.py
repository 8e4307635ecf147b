"""Issue 13 item 9: `aict --help` in pipeline order, and counts that agree with their noun."""

from __future__ import annotations

import re
from pathlib import Path

from cli.app import PIPELINE_ORDER, count
from crawlers.registry import parse_registry, store_registry
from storage.engine import make_engine
from tests.conftest import copy_sqlite
from tests.support.cli import run_aict


def _commands(help_text: str) -> list[str]:
    panel = help_text.split("Commands", 1)[1]
    return re.findall(r"^│ ([a-z][a-z-]*) ", panel, flags=re.MULTILINE)


def test_help_lists_the_commands_in_pipeline_order() -> None:
    result = run_aict("--help", env={"COLUMNS": "160"})
    assert result.returncode == 0, result.stderr
    listed = _commands(result.stdout)
    assert listed[: len(PIPELINE_ORDER)] == list(PIPELINE_ORDER)
    assert "tag-text" in listed[len(PIPELINE_ORDER) :]  # commands off the pipeline come after
    assert PIPELINE_ORDER == (
        "init", "sources", "crawl", "tag", "measure", "report", "digest",
        "sql", "db", "actions", "tags", "demo",
    )  # fmt: skip


def test_count_agrees_with_its_noun() -> None:
    assert count(1, "feed") == "1 feed"
    assert count(0, "feed") == "0 feeds"
    assert count(2, "press title") == "2 press titles"
    assert count(1_204, "article") == "1,204 articles"
    assert count(1, "source or feed", "sources or feeds") == "1 source or feed"
    assert count(3, "source or feed", "sources or feeds") == "3 sources or feeds"


def test_sources_list_says_1_feed(tmp_path: Path, sqlite_template: Path) -> None:
    url = copy_sqlite(sqlite_template, tmp_path / "aict.db")
    engine = make_engine(url)
    try:
        registry = {
            "sources": [
                {
                    "slug": "une-seule",
                    "name": "Une seule",
                    "kind": "press",
                    "feeds": ["https://une-seule.example/rss"],
                }
            ]
        }
        store_registry(engine, parse_registry(registry, "test"))
    finally:
        engine.dispose()
    listed = run_aict("sources", "list", "--db", url)
    assert listed.returncode == 0, listed.stderr
    assert "une-seule\tpress\tenabled\t1 feed\tUne seule" in listed.stdout
    assert not re.search(r"(?<![0-9,])1 (feeds|sources)\b", listed.stdout + listed.stderr)

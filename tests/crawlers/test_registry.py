"""Sources registry: strict validation, bundled file, loading into both databases."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from sqlalchemy import Engine, func, select, update

from crawlers.registry import (
    BUNDLED,
    RegistryError,
    add_discovered_feeds,
    load_registry,
    parse_registry,
    read_registry,
)
from models import Feed, Source
from storage.engine import write_session


def _doc(**extra: object) -> dict:
    source = {
        "slug": "le-progres",
        "name": "Le Progrès",
        "kind": "press",
        "group": "EBRA",
        "departments": ["69", "42"],
        "feeds": [
            {"url": "https://www.leprogres.fr/rhone/rss", "kind": "rss", "departments": ["69"]},
            "https://www.leprogres.fr/rss",
        ],
    }
    source.update(extra)
    return {"sources": [source]}


def test_valid_document() -> None:
    registry = parse_registry(_doc(), "t.yaml")
    (spec,) = registry.sources
    assert spec.group == "EBRA" and spec.feeds[0].departments == ("69",)
    assert spec.feeds[1].kind == "rss"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"colour": "red"}, "t.yaml: source 'le-progres': unknown key 'colour'"),
        ({"slug": "Le Progrès"}, "'slug' must match"),
        ({"kind": "blog"}, "'kind' must be press or council"),
        ({"feeds": [{"url": "https://x.fr/rss", "type": "rss"}]}, "unknown key 'type' in a feed"),
        ({"feeds": ["javascript:alert(1)"]}, "must be an http(s) URL"),
        ({"kind": "council"}, "a council needs 'homepage'"),
        ({"kind": "council", "homepage": "https://v.fr", "collectivite": "73065"}, "typed code"),
        ({"departments": ["999x"]}, "invalid département"),
        ({"circulation": "beaucoup"}, "'circulation' must be a whole number"),
    ],
)
def test_invalid_documents_name_the_key_and_source(change: dict, message: str) -> None:
    with pytest.raises(
        RegistryError, match=message.replace("(", r"\(").replace(")", r"\)")
    ) as info:
        parse_registry(_doc(**change), "t.yaml")
    assert "\n" not in str(info.value)


def test_missing_key_and_duplicates() -> None:
    doc = _doc()
    del doc["sources"][0]["feeds"]
    with pytest.raises(RegistryError, match="missing required key 'feeds'"):
        parse_registry(doc, "t.yaml")
    twice = {"sources": _doc()["sources"] * 2}
    with pytest.raises(RegistryError, match="duplicate slug"):
        parse_registry(twice, "t.yaml")


def test_bundled_registry_contents() -> None:
    registry = read_registry(BUNDLED)
    kinds = [s.kind for s in registry.sources]
    assert kinds.count("press") == 48
    codes = [s.collectivite or "" for s in registry.sources]
    assert sum(c.startswith("reg:") for c in codes) == 18
    assert sum(c.startswith("dep:") for c in codes) == 96
    assert sum(c.startswith("commune:") for c in codes) > 400
    progres = next(s for s in registry.sources if s.slug == "le-progres")
    assert {f.departments for f in progres.feeds} >= {("69",), ("42",), ("01",)}


def test_bad_yaml_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "s.yaml"
    bad.write_text("sources:\n  - slug: [unclosed\n", encoding="utf-8")
    with pytest.raises(RegistryError, match=r"s.yaml: invalid YAML \(line"):
        read_registry(bad)


def test_load_is_idempotent_and_keeps_state(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(_doc()), encoding="utf-8")
    first = load_registry(engine, path)
    assert first == {"sources": 1, "feeds": 2}
    with write_session(engine) as session:
        source_id = session.scalar(select(Source.id).where(Source.slug == "le-progres"))
        add_discovered_feeds(
            session,
            source_id,
            "press",
            "69",
            [("https://www.leprogres.fr/sitemap-news.xml", "sitemap")],
        )
        session.execute(update(Source).where(Source.slug == "le-progres").values(enabled=False))
        session.execute(
            update(Feed)
            .where(Feed.url == "https://www.leprogres.fr/rss")
            .values(status="error", failures=2.5)
        )
    load_registry(engine, path)
    with write_session(engine) as session:
        feeds = {
            f.url: f
            for f in session.scalars(select(Feed).join(Source).where(Source.slug == "le-progres"))
        }
        assert len(feeds) == 3  # the discovered feed survives a reload
        assert feeds["https://www.leprogres.fr/rss"].failures == 2.5  # fetch state kept
        assert feeds["https://www.leprogres.fr/rhone/rss"].poll_minutes == 30
        assert session.scalar(select(Source.enabled).where(Source.slug == "le-progres")) is False
        assert (
            session.scalar(
                select(func.count()).select_from(Source).where(Source.slug == "le-progres")
            )
            == 1
        )

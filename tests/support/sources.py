"""Sources files for tests: the YAML ``aict crawl --sources`` and ``aict init --sources`` read."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml


def source_entry(
    slug: str, feeds: Iterable[str] = (), *, kind: str = "press", name: str | None = None,
    **extra: Any,
) -> dict[str, Any]:  # fmt: skip
    """One source of the registry: ``slug``, its name (default: the slug), kind and feeds."""
    return {"slug": slug, "name": name or slug, "kind": kind, "feeds": list(feeds), **extra}


def write_sources(path: Path, entries: Iterable[Mapping[str, Any]]) -> Path:
    """Write ``entries`` as a sources file at ``path`` and return the path."""
    document = {"sources": [dict(entry) for entry in entries]}
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    return path

"""Team-written French material of the demo web (YAML), loaded once by :func:`load`."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).parent
FILES = ("sites", "people", "stories_local", "council_local", "stories_aict", "negatives")


@cache
def load() -> dict[str, Any]:
    """All material files by name (``sites``, ``people``, ``stories_local``…)."""
    return {
        name: yaml.safe_load((HERE / f"{name}.yaml").read_text(encoding="utf-8")) for name in FILES
    }

"""A broken environment for tests: a ``sitecustomize`` that makes a module impossible to import.

Put the returned directory first on ``PYTHONPATH`` of a child process (the crawl subprocess, and
through it the spawned extraction worker): ``import lxml_html_clean`` then raises
``ModuleNotFoundError`` exactly as when the distribution is not installed (``pip install .`` with
the pip 23.2 bundled in Python 3.11 ignored the ``lxml[html_clean]`` extra of justext). Nothing in
production code knows about it. With ``marker``, the module is missing only while that file
exists, so a test can break the environment in the middle of a crawl.
"""

from __future__ import annotations

import os
from pathlib import Path

SITECUSTOMIZE = '''\
"""Test shim (tests/crawlers/envshim.py): {module} cannot be imported{when}."""
import os
import sys

MARKER = {marker!r}


class _Missing:
    def find_spec(self, name, path=None, target=None):
        broken = MARKER is None or os.path.exists(MARKER)
        if broken and (name == {module!r} or name.startswith({module!r} + ".")):
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
        return None


sys.meta_path.insert(0, _Missing())
'''


def missing_module_shim(directory: Path, module: str, marker: Path | None = None) -> Path:
    """Write the shim into ``directory`` (created) and return it."""
    directory.mkdir(parents=True, exist_ok=True)
    when = f" while {marker} exists" if marker else ""
    code = SITECUSTOMIZE.format(module=module, marker=str(marker) if marker else None, when=when)
    (directory / "sitecustomize.py").write_text(code, encoding="utf-8")
    return directory


def with_shim(env: dict[str, str], shim: Path) -> dict[str, str]:
    """``env`` with ``shim`` first on PYTHONPATH."""
    rest = env.get("PYTHONPATH")
    return {**env, "PYTHONPATH": os.pathsep.join([str(shim), *([rest] if rest else [])])}

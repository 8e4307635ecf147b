"""Issue 12: every runtime dependency is declared in pyproject.toml, so `pip install .` works
with the pip bundled in Python 3.11 (23.2) as well as with a recent one.

pip 23.2 matches a requested extra literally against the provider's ``Provides-Extra``:
justext asks for ``lxml[html_clean]``, lxml 6 provides ``html-clean``, so pip 23.2 warns "lxml
does not provide the extra 'html_clean'" and installs no ``lxml_html_clean``; justext, hence
trafilatura, then cannot import and extraction is down. The real install with pip 23.2 takes
minutes and the registry (docs/crawling.md says how to run it); these checks read the installed
metadata instead.
"""

from __future__ import annotations

import ast
import sys
import tomllib
from importlib.metadata import PackageNotFoundError, distribution, packages_distributions
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
#: The packaged code: the packages pyproject.toml ships (so a new top-level package is read too).
PACKAGES = tuple(
    pattern.rstrip("*")
    for pattern in tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "setuptools"
    ]["packages"]["find"]["include"]
)
OPTIONAL = {"airflow"}  # the `airflow` extra: DAG-side code only


def _project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _declared() -> set[str]:
    return {canonicalize_name(Requirement(r).name) for r in _project()["dependencies"]}


def _imported_modules() -> dict[str, str]:
    """Top-level third-party modules imported by the packaged code → one file importing it."""
    found: dict[str, str] = {}
    local = set(PACKAGES)
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                names: list[str] = []
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                for name in names:
                    top = name.split(".")[0]
                    if top in sys.stdlib_module_names or top in local or top == "__future__":
                        continue
                    found.setdefault(top, str(path.relative_to(ROOT)))
    return found


def test_every_imported_distribution_is_declared() -> None:
    declared = _declared()
    providers = packages_distributions()
    missing = []
    for module, where in sorted(_imported_modules().items()):
        if module in OPTIONAL:
            continue
        dists = {canonicalize_name(d) for d in providers.get(module, [])}
        assert dists, f"{module} (imported in {where}) is not installed"
        if not dists & declared:
            missing.append(f"{module} ({where}) from {sorted(dists)}")
    assert not missing, "not declared in pyproject.toml: " + "; ".join(missing)


def _closure(names: set[str]) -> set[str]:
    seen: set[str] = set()
    todo = list(names)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            requires = distribution(name).requires or []
        except PackageNotFoundError:
            continue
        for raw in requires:
            req = Requirement(raw)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                todo.append(canonicalize_name(req.name))
    return seen


def test_extras_spelled_differently_are_declared_directly() -> None:
    """What an old pip would skip (an extra not spelled as its provider spells it) is declared."""
    declared = _declared()
    undeclared = []
    for name in sorted(_closure(declared)):
        try:
            requires = distribution(name).requires or []
        except PackageNotFoundError:
            continue
        for raw in requires:
            req = Requirement(raw)
            if not req.extras or (
                req.marker is not None and not req.marker.evaluate({"extra": ""})
            ):
                continue
            provider = distribution(req.name)
            provided = set(provider.metadata.get_all("Provides-Extra") or [])
            for extra in req.extras - provided:
                for dep_raw in provider.requires or []:
                    dep = Requirement(dep_raw)
                    if dep.marker is not None and dep.marker.evaluate({"extra": extra}):
                        if canonicalize_name(dep.name) not in declared:
                            undeclared.append(f"{dep.name} ({name} asks for {req.name}[{extra}])")
    assert not undeclared, "declare in pyproject.toml: " + "; ".join(undeclared)


def test_the_extraction_modules_import() -> None:
    from crawlers.extract_worker import environment_problem

    assert environment_problem() is None

"""Issue 13 item 9: installing the project prints no setuptools deprecation warning.

Setuptools ≥ 77 deprecates ``project.license`` as a table (``{text = "MIT"}``) and warns at every
build; the current form is an SPDX string plus ``license-files``, which needs setuptools ≥ 77 in
the isolated build environment (pip 23.2 installs the newest setuptools allowed there). The
build test builds a wheel of the project's metadata alone (pyproject, README, NOTICE; no
packages) so it stays quick and leaves nothing in the work tree.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_license_is_an_spdx_string_with_its_files() -> None:
    config = _pyproject()
    project = config["project"]
    assert isinstance(project["license"], str), "project.license must be an SPDX string"
    assert project["license-files"], "license-files names the licence texts"
    for pattern in project["license-files"]:
        assert list(ROOT.glob(pattern)), f"license-files: {pattern} matches no file"
    licence = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert project["license"] == "MIT" and licence.startswith("MIT License"), (
        "LICENSE holds the MIT text"
    )
    setuptools = next(
        Requirement(r) for r in config["build-system"]["requires"] if r.startswith("setuptools")
    )
    assert Version("77") in setuptools.specifier and Version("76.1") not in setuptools.specifier


def test_building_prints_no_warning(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md", *_pyproject()["project"].get("license-files", [])):
        shutil.copy(ROOT / name, src / name)
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "w"), "."],
        cwd=src,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    output = result.stdout + result.stderr
    assert "Warning" not in output and "deprecated" not in output, output[-3000:]


def test_the_demo_web_ships_with_its_templates_and_material() -> None:
    """Issue 14 item 3: ``demoweb/`` is a top-level package; its Jinja2 templates, YAML material
    and sample registers are package data (``aict demo`` reads them from the install)."""
    setuptools = _pyproject()["tool"]["setuptools"]
    assert "demoweb*" in setuptools["packages"]["find"]["include"]
    patterns = setuptools["package-data"]["*"]
    assert {"*.j2", "*.yaml", "*.csv"} <= set(patterns)
    for folder, suffix in (
        ("templates", ".j2"),
        ("material", ".yaml"),
        ("material/registers", ".csv"),
    ):
        assert list((ROOT / "demoweb" / folder).glob(f"*{suffix}")), f"demoweb/{folder}"

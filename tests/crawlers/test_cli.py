"""`aict init` loads the bundled registry; `aict sources …` and `aict crawl` bad input → exit 1."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.cli import run_aict


@pytest.fixture(scope="module")
def initialised(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('cli') / 'a.db'}"
    result = run_aict("init", "--db", url)
    assert result.returncode == 0, result.stderr
    assert "625 registry sources" in result.stdout
    return url


def test_list_health_disable(initialised: str) -> None:
    listed = run_aict("sources", "list", "--db", initialised)
    assert listed.returncode == 0
    assert "le-progres\tpress\tenabled\t6 feeds\tLe Progrès" in listed.stdout
    assert "ville-de-chambery\tcouncil" in listed.stdout
    disabled = run_aict("sources", "disable", "le-progres", "--db", initialised)
    assert disabled.returncode == 0
    health = run_aict("sources", "health", "--db", initialised)
    assert "le-progres\tdisabled\tnever" in health.stdout
    assert "ouest-france\tpending\tnever" in health.stdout
    again = run_aict("init", "--db", initialised)  # reloading the seed keeps the operator's choice
    assert again.returncode == 0
    assert "le-progres\tdisabled" in run_aict("sources", "health", "--db", initialised).stdout


def test_bad_input_is_one_line_exit_1(initialised: str, tmp_path: Path) -> None:
    unknown = run_aict("sources", "disable", "nope", "--db", initialised)
    assert (
        unknown.returncode == 1
        and unknown.stderr.strip() == "aict: error: unknown source 'nope' (see `aict sources list`)"
    )
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "sources:\n  - {slug: x, name: X, kind: press, feeds: [], colour: red}\n", encoding="utf-8"
    )
    badfile = run_aict("crawl", "--sources", str(bad), "--db", initialised)
    assert badfile.returncode == 1
    assert badfile.stderr.strip() == "aict: error: bad.yaml: source 'x': unknown key 'colour'"
    nets = run_aict(
        "crawl", "--only", "ouest-france", "--db", initialised,
        env={"AICT_ALLOW_NETWORKS": "127.0.0.0/99"},
    )  # fmt: skip
    assert nets.returncode == 1 and nets.stderr.startswith("aict: error: AICT_ALLOW_NETWORKS")
    only = run_aict("crawl", "--only", "no-such-source", "--db", initialised)
    assert only.returncode == 1 and "unknown source 'no-such-source'" in only.stderr
    for result in (unknown, badfile, nets, only):
        assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1

"""The registry at full size (issue 16 item 8): every council with a known website, enabled or
disabled as the operator chooses, and the choice kept by later registry loads."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import yaml

from tests.support.cli import run_aict


@pytest.fixture()
def initialised(tmp_path: Path) -> tuple[str, Path]:
    path = tmp_path / "a.db"
    result = run_aict("init", "--db", f"sqlite:///{path}")
    assert result.returncode == 0, result.stderr
    return f"sqlite:///{path}", path


def _enabled(path: Path, where: str = "1 = 1") -> int:
    with sqlite3.connect(path) as conn:
        query = f"SELECT COUNT(*) FROM sources WHERE enabled = 1 AND {where}"  # noqa: S608
        return conn.execute(query).fetchone()[0]


# ~10 s at full size: with the deployment tests (`make test-deployment`, `make bench`, which
# also runs benchmarks/bench_discovery.py on the full registry), not `make test`.
@pytest.mark.deployment
def test_build_all_writes_every_council_with_a_website(tmp_path: Path) -> None:
    out = tmp_path / "all.yaml"
    result = run_aict("sources", "build", "--all", "--out", str(out))
    assert result.returncode == 0, result.stderr
    # libyaml's safe loader: the pure-Python one takes ~11 s on 21,000 sources.
    sources = yaml.load(out.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)["sources"]
    councils = [s for s in sources if s["kind"] == "council"]
    # 34,875 communes in the reference data, ~21,500 with a known town-hall website.
    assert len(councils) > 20_000
    assert f"{len(councils):,} councils" in result.stdout
    assert len({s["slug"] for s in sources}) == len(sources)


def test_disable_below_population_then_enable_one(initialised: tuple[str, Path]) -> None:
    url, path = initialised
    small = "kind = 'council' AND collectivite_code IN (SELECT code FROM collectivites "
    small += "WHERE kind = 'commune' AND population < 40000)"
    before = _enabled(path, small)
    assert before > 50
    disabled = run_aict("sources", "disable", "--below-population", "40000", "--db", url)
    assert disabled.returncode == 0, disabled.stderr
    assert disabled.stdout.strip() == f"disabled {before:,} sources"
    assert _enabled(path, small) == 0
    assert _enabled(path, "slug = 'region-bretagne'") == 1  # régions are not communes
    with sqlite3.connect(path) as conn:
        (one,) = conn.execute(
            f"SELECT slug FROM sources WHERE {small} ORDER BY slug LIMIT 1"  # noqa: S608
        ).fetchone()
    assert run_aict("sources", "enable", one, "--db", url).stdout.strip() == f"enabled {one}"
    assert run_aict("init", "--db", url).returncode == 0  # reloading the seed keeps the choices
    assert _enabled(path, small) == 1 and _enabled(path, f"slug = '{one}'") == 1
    again = run_aict("sources", "enable", one, "--db", url)
    assert again.stdout.strip() == f"{one} was already enabled"


def test_enable_and_disable_need_a_selection(initialised: tuple[str, Path]) -> None:
    url, _ = initialised
    for verb in ("enable", "disable"):
        result = run_aict("sources", verb, "--db", url)
        assert result.returncode == 1
        assert result.stderr.strip() == (
            "aict: error: name sources, or give --below-population or --all"
        )
    unknown = run_aict("sources", "enable", "ville-de-chambery", "nope", "--db", url)
    assert unknown.returncode == 1 and "unknown source 'nope'" in unknown.stderr

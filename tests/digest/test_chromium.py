"""The rendered digest opened in headless Chromium (Debian ``chromium``) shows its sections."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import lxml.html
import pytest
from sqlalchemy import Engine

from digest.send import national_html
from tests.digest.factory import HOSTILE_TITLES, WEEK, build_week

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SECTIONS = [
    "Ce que la presse a relayé",
    "Ce qui n'a pas été relayé",
    "Pays partenaires",
    "Collecte de la semaine",
]


def chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path:
        return path
    if os.environ.get("CI"):
        pytest.fail("chromium must be installed in CI (apt-get install -y chromium)")
    pytest.skip("chromium not installed (set CI to make this a failure)")


def dump_dom(page: Path, profile: Path) -> str:
    result = subprocess.run(
        [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_chromium_shows_the_key_sections(engine: Engine, tmp_path: Path) -> None:
    build_week(engine)
    page = tmp_path / "digest.html"
    page.write_text(national_html(engine, WEEK, "veille@example.org"), encoding="utf-8")
    dom = lxml.html.fromstring(dump_dom(page, tmp_path / "profile"))
    headings = [h.text_content().strip() for h in dom.xpath("//h2")]
    assert headings == SECTIONS
    text = dom.text_content()
    assert "Veille AICT — semaine 45" in text
    assert "Semaine du 2 au 8 novembre 2026" in text
    for title in HOSTILE_TITLES:
        assert title in text
    assert dom.xpath("//script") == [] and dom.xpath("//img[@onerror]") == []
    (chart,) = dom.xpath("//img")
    assert chart.get("src").startswith("data:image/png;base64,")

"""`aict demo --small`: the whole chain end to end on the bundled demo web (loopback only)."""

from __future__ import annotations

import os
import sqlite3
import subprocess

import pytest

from tests.support.cli import AICT

#: The crawl replays 12 weeks of daily polling (~90 rounds, ~80 s here); room for a busy machine.
DEMO_TIMEOUT_S = 480


# The whole demo (~90 s: 12 weeks of simulated polling, tagging, measures, charts, digest) runs
# with the deployment tests (`make test-deployment`, `make bench`), not `make test`: CI's time
# limit. The pipeline DAG tests still run the crawl → tag → measure chain on the demo web.
@pytest.mark.deployment
def test_demo_runs_end_to_end(tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = subprocess.run(  # noqa: S603 - the test's own interpreter
        [*AICT, "demo", "--small", "--dir", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=DEMO_TIMEOUT_S,
        env={**os.environ, "AICT_AS_OF": "2026-11-26"},
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    for section in (
        "Attention de la presse à l'AICT",
        "Des publications des collectivités aux relais",
        "Pays partenaires",
        "Objets : communication des collectivités",
        "État de la collecte",
    ):
        assert section in result.stdout
    charts = sorted(p.name for p in (tmp_path / "charts").glob("*.png"))
    assert charts == [
        "apd_vs_press.png",
        "emergency_vs_cooperation.png",
        "frame_shares.png",
        "ldc_share.png",
        "object_mix_gap.png",
        "partner_geography.png",
        "relay_funnel.png",
        "weekly_attention.png",
    ]
    assert all((tmp_path / "charts" / c).stat().st_size > 10_000 for c in charts)
    html = (tmp_path / "digest.html").read_text(encoding="utf-8")
    assert "Veille AICT" in html or "semaine" in html
    with sqlite3.connect(tmp_path / "aict-demo.db") as conn:
        articles = conn.execute("SELECT COUNT(*) FROM v_articles").fetchone()[0]
        aict = conn.execute("SELECT COUNT(*) FROM v_articles WHERE is_aict = 1").fetchone()[0]
        relayed = conn.execute("SELECT COUNT(*) FROM v_relay WHERE relayed = 1").fetchone()[0]
        silent = conn.execute("SELECT COUNT(*) FROM v_silent_actions").fetchone()[0]
        # Issue 15 item 6: the demo's sample registers fill the registers views.
        registers = conn.execute(
            "SELECT COUNT(*) FROM v_registers WHERE atlas_projects > 0 AND press_articles > 0"
        ).fetchone()[0]
        ldc_years = conn.execute("SELECT COUNT(DISTINCT year) FROM v_ldc_trend").fetchone()[0]
        # Issue 15 items 3 and 5: the demo's AICT items carry frames, both channels.
        framed = conn.execute(
            "SELECT COUNT(DISTINCT channel) FROM v_framing WHERE object = 'all' AND items > 0"
        ).fetchone()[0]
        coverage = conn.execute(
            "SELECT week, source_slug, complete FROM v_weekly_coverage WHERE object IS NULL"
        ).fetchall()
    assert articles >= 150 and aict >= 10
    assert relayed >= 1 and silent >= 1
    assert registers >= 1 and ldc_years == 3
    assert framed == 2
    # Issue 13 item 3: 12 weeks of daily polling on a simulated clock. Every finished week is
    # complete for every source, except the deliberate outage week (2026-W47) of the two
    # faulty demo sites; the current week (W48, until Thursday 26) is not finished yet.
    incomplete = {(week, slug) for week, slug, complete in coverage if not complete}
    finished = {week for week, _, _ in coverage if week < "2026-W48"}
    assert len(finished) >= 12
    assert {(w, s) for w, s in incomplete if w < "2026-W48"} == {
        ("2026-W47", "le-mistral"),
        ("2026-W47", "ville-d-avignon"),
    }
    assert "deliberate collection gap: 2026-11-16 → 2026-11-22" in result.stdout
    # ... and the report and the digest (its week is the outage week) explain it the same way.
    assert "Trous de collecte" in result.stdout
    assert "7 jours sans collecte (du 16 au 22 novembre 2026)" in html
    assert "complète pour 18 des 20 sources suivies" in html

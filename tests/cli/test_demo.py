"""`aict demo --small`: the whole chain end to end on the bundled demo web (loopback only)."""

from __future__ import annotations

import sqlite3

from tests.cli.test_init import run_aict


def test_demo_runs_end_to_end(tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = run_aict("demo", "--small", "--dir", str(tmp_path), env={"AICT_AS_OF": "2026-11-26"})
    assert result.returncode == 0, result.stderr[-2000:]
    for section in (
        "Press attention to AICT",
        "What councils published",
        "Partner countries",
        "Object mix",
        "Collection health",
    ):
        assert section in result.stdout
    charts = sorted(p.name for p in (tmp_path / "charts").glob("*.png"))
    assert charts == [
        "emergency_vs_cooperation.png",
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
        health = dict(conn.execute("SELECT status, COUNT(*) FROM v_source_health GROUP BY status"))
    assert articles >= 150 and aict >= 10
    assert relayed >= 1 and silent >= 1
    assert health.get("disallowed") == 1  # the demo's faulty robots.txt, reported

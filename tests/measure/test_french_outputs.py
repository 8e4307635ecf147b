"""Issue 13, item 6: everything a non-operator reads is French, from one label source.

The printed report, the charts, the digest and the views documentation name the eight objects
with the same words (storage.labels); the digest carries no English operator string.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from sqlalchemy import Engine, update

from digest.content import build_content
from digest.queries import load_week
from digest.render import render
from digest.subscriptions import Subscription
from measure import render as report_render
from measure.report import build_report
from models import Feed
from models.base import OBJECT_IDS
from storage import labels
from storage.engine import write_session
from tests.digest.factory import WEEK, build_week

ROOT = Path(__file__).resolve().parents[2]
ENGLISH = ("Press attention", "What councils published", "Collection health", "as of", "since")


def _printed(report) -> str:  # type: ignore[no-untyped-def]
    from rich.console import Console

    console = Console(record=True, width=220)
    report_render.print_tables(report, console=console)
    return console.export_text()


def test_one_label_source_with_the_taxonomy_names() -> None:
    assert set(labels.OBJECT_NAMES) == set(labels.OBJECT_SHORT) == set(OBJECT_IDS)
    assert labels.OBJECT_NAMES["twinning"] == "Jumelage"
    assert labels.OBJECT_SHORT["twinning"] == "Jumelage"
    assert labels.OBJECT_NAMES["citizenship"].startswith("Éducation à la citoyenneté")
    # No second table of object names anywhere in the outputs' code.
    for module in ("measure/render.py", "measure/report.py", "digest/content.py"):
        source = (ROOT / module).read_text(encoding="utf-8")
        assert "Jumelage" not in source and "Coopération" not in source, module


def test_views_docs_use_the_same_names() -> None:
    doc = (ROOT / "docs" / "sql.md").read_text(encoding="utf-8")
    for obj in OBJECT_IDS:
        row = re.search(rf"^\| `{obj}` \| (.+?) \| (.+?) \|$", doc, re.M)
        assert row, obj
        assert (row.group(1), row.group(2)) == (labels.OBJECT_NAMES[obj], labels.OBJECT_SHORT[obj])


def test_printed_report_and_charts_are_french(engine: Engine, tmp_path: Path) -> None:
    build_week(engine)
    report = build_report(engine, dt.date(2026, 10, 1))
    printed = _printed(report)
    for english in ENGLISH:
        assert english not in printed, english
    assert "Rapport de l'observatoire AICT" in printed
    assert labels.OBJECT_SHORT["twinning"] in printed
    assert "État de la collecte" in printed
    assert "erreurs de collecte" in printed  # the feed status, in words
    # Chart labels come from the same table.
    assert getattr(report_render, "OBJECT_NAMES", None) is labels.OBJECT_NAMES
    assert len(report_render.write_charts(report, tmp_path)) == 5


def test_digest_has_no_english_operator_strings(engine: Engine) -> None:
    build_week(engine)
    with write_session(engine) as s:
        s.execute(
            update(Feed)
            .where(Feed.url == "https://www.lavoixdunord.fr/rss")
            .values(
                status="disallowed",
                last_error="robots.txt unavailable (HTTP 503 Service Unavailable): complete disallow",
            )
        )
    content = build_content(load_week(engine, WEEK), Subscription(email="a@example.org"), "t")
    rendered = render(content, "desinscription@example.org", chart=False)
    for part in (rendered.html, rendered.text):
        assert "unavailable" not in part and "complete disallow" not in part
        assert "vue SQL" not in part
    line = next(h for h in content.health if h.source == "La Voix du Nord")
    assert line.detail == "robots.txt indisponible (HTTP 503) : collecte suspendue"
    twinning = next(s for s in content.sections if s.object_id == "twinning")
    assert twinning.label == labels.OBJECT_NAMES["twinning"]


def test_health_reasons_in_french() -> None:
    reason = labels.health_reason
    assert reason("error", "HTTP 404") == "la page répond HTTP 404"
    assert reason("error", "HTTP 503 Service Unavailable") == "le site répond HTTP 503"
    assert reason("disallowed", "robots.txt answered 401: complete disallow") == (
        "robots.txt répond HTTP 401 : collecte suspendue"
    )
    assert reason("error", "DNS lookup failed: no results for hostname lookup: x.fr") == (
        "nom de domaine introuvable"
    )
    assert reason("error", "User timeout caused connection failure.") == "le site ne répond pas"
    assert reason("error", "something only an operator understands") == ""
    assert reason("ok", None) == ""


def test_periods_and_cut_off_dates_in_french() -> None:
    assert labels.period_label(dt.date(2026, 9, 1), dt.date(2026, 12, 4)) == (
        "du 1er septembre au 4 décembre 2026"
    )
    assert labels.period_label(dt.date(2026, 11, 2), dt.date(2026, 11, 8)) == (
        "du 2 au 8 novembre 2026"
    )
    assert labels.period_label(dt.date(2025, 12, 29), dt.date(2026, 1, 4)) == (
        "du 29 décembre 2025 au 4 janvier 2026"
    )
    assert labels.cutoff_label(dt.date(2026, 11, 29)) == "au 29 novembre 2026"
    assert labels.months_label(dt.date(2026, 9, 11), dt.date(2026, 12, 4)) == (
        "de septembre à décembre 2026"
    )


def test_french_plurals_keep_the_singular_below_two() -> None:
    assert labels.plural(0, "action") == "0 action"
    assert labels.plural(1, "jour") == "1 jour"
    assert labels.plural(1.5, "jour") == "1,5 jour"
    assert labels.plural(2, "jour") == "2 jours"
    assert labels.plural(3, "journal", "journaux") == "3 journaux"
    assert labels.plural(1204, "article") == "1\u202f204 articles"


def test_no_hand_made_plurals_in_french_outputs(engine: Engine) -> None:
    """Counts go through labels.plural: no "article(s)", no "1 actions" in the report title."""
    for template in (ROOT / "digest" / "templates").glob("*.j2"):
        text = template.read_text(encoding="utf-8")
        assert "(s)" not in text, template.name
        assert not re.search(r"\}\} (jours|actions|articles|journaux)\b", text), template.name
    build_week(engine)
    report = build_report(engine, dt.date(2026, 10, 1))
    section = next(s for s in report.sections if s.key == "silent_actions")
    assert not re.search(r"\b[01] actions\b", section.title)

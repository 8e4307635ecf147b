"""Issue 13, item 7: partner names are clean where they are produced and where they are read.

One pure function (nlp.record.clean_partners) drops section headers ("Collecte — Haïti"),
splits names across line breaks, trims and deduplicates case- and accent-insensitively; the
tag record applies it, and the digest and the report apply it to rows stored before it existed.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from digest.content import build_content
from digest.queries import load_week
from digest.subscriptions import Subscription
from measure.render import to_csv
from measure.report import build_report
from nlp.record import TagRecord, clean_partners
from storage.engine import write_session
from tests.digest.factory import WEEK, add_action, build_week
from tests.support.data import make_tag


def test_clean_partners() -> None:
    assert clean_partners(["Collecte — Haïti"]) == []
    # The demo's "Collecte — Haïti" was the partner "Collecte" (a title's first word) + country.
    assert clean_partners(["Collecte", "SOLIDARITÉ", "Collecte solidaire"]) == [
        "Collecte solidaire"
    ]
    assert clean_partners(["Jumelage : Bamberg", "Actualités – Monde"]) == []
    assert clean_partners(["  Ouahigouya\n\n", "OUAHIGOUYA", "ouahigouya"]) == ["Ouahigouya"]
    assert clean_partners(["Ouahigouya\nBobo-Dioulasso"]) == ["Ouahigouya", "Bobo-Dioulasso"]
    assert clean_partners(["Saint-Louis", "Saint-Louis ", "saint-louis"]) == ["Saint-Louis"]
    assert clean_partners(["Bamberg", "Bâmberg", "Val  d'Aoste"]) == ["Bamberg", "Val d'Aoste"]
    assert clean_partners(["", "  ", "\n", "-"]) == []
    assert clean_partners(None) == []


def test_tag_record_partners_are_clean() -> None:
    record = make_tag(partners=["Collecte — Haïti", "Ouahigouya\n", "ouahigouya", " Kayes "])
    assert record.partners == ("Ouahigouya", "Kayes")
    again = TagRecord.from_json({**record.to_json(), "partners": ["Kayes", "KAYES\n"]})
    assert again.partners == ("Kayes",)


def test_stored_partners_are_clean_in_outputs(engine: Engine) -> None:
    build_week(engine)
    with write_session(engine) as s:
        add_action(
            s, "import:dep:73:header", actor="dep:73", name="Département de la Savoie",
            obj="emergency", day=dt.date(2026, 11, 4), partner="Collecte",
            country="HT", days=5,
        )  # fmt: skip
        add_action(
            s, "import:dep:73:breaks", actor="dep:73", name="Département de la Savoie",
            obj="cooperation", day=dt.date(2026, 11, 3), partner="\n  Ouahigouya\n\nOUAHIGOUYA ",
            country="BF", days=6,
        )  # fmt: skip
    content = build_content(load_week(engine, WEEK), Subscription(email="a@example.org"), "t")
    partners = {u.object_label: u.partner for u in content.unreported}
    assert partners["Urgence"] == "Haïti"  # the country only, no header
    assert partners["Coopération"] == "Ouahigouya — Burkina Faso"
    report = build_report(engine, dt.date(2026, 8, 1))
    silent = report.section("silent_actions")
    column = silent.columns.index("partner")
    shown = {row[column] for row in silent.rows}
    assert "Ouahigouya" in shown and None in shown
    assert not any(p and ("\n" in p or "Collecte" in p) for p in shown)
    csv_text = to_csv(report)
    assert "Collecte" not in csv_text and "OUAHIGOUYA" not in csv_text

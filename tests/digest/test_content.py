"""Content per recipient from a real database (SQLite and PostgreSQL): filters, grouping, trend,
what went unreported, partner geography and collection health."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from digest.content import DigestContent, build_content
from digest.queries import load_week
from digest.subscriptions import Subscription
from tests.digest.factory import WEEK, build_week


def content_for(engine: Engine, sub: Subscription) -> DigestContent:
    return build_content(load_week(engine, WEEK, sub.territories), sub, "aict-test-1")


def titles(content: DigestContent) -> list[str]:
    return [item.title for section in content.sections for item in section.items]


def test_national_edition(engine: Engine) -> None:
    build_week(engine)
    c = content_for(engine, Subscription(email="a@example.org"))
    h = c.headline
    # Savoie story + copy = 1 item; no-actor twinning, Lyon, Lille, three hostile ones.
    assert h.press_items == 7
    assert h.outlets == 3
    assert (h.council_items, h.council_relayed) == (1, 1)
    assert h.previous_avg == pytest.approx(1.0)  # 2 + 1 + 1 + 0 over 4 weeks
    assert h.trend == "en hausse"
    coop = next(s for s in c.sections if s.object_id == "cooperation")
    (story,) = coop.items
    assert story.outlet == "Le Dauphiné libéré"
    assert [o.name for o in story.also] == ["Le Progrès"]
    assert story.countries == "Burkina Faso" and story.actors == "Chambéry"
    assert story.other_objects == "citoyenneté"
    assert "Fête de la châtaigne à Chambéry" not in titles(c)  # not AICT
    # Oldest first; the March action is older than the look-back, the covered one is not silent.
    assert [u.actor for u in c.unreported] == ["Département de la Savoie", "Lille"]
    assert c.unreported[0].days_without == 55
    bf = next(line for line in c.countries if line.name == "Burkina Faso")
    assert bf.is_ldc and (bf.press, bf.council) == (1, 1)
    assert c.ldc_share_press == pytest.approx(1 / 3)  # BF, DE, LB named by press
    assert c.ldc_share_council == pytest.approx(1.0)
    problems = {line.source: line.problem for line in c.health}
    assert problems["La Voix du Nord"] == "erreurs de collecte"
    assert problems["Le Progrès"].startswith("semaine incomplète")
    assert "Le Dauphiné libéré" not in problems
    assert (c.complete_sources, c.crawled_sources) == (2, 4)
    assert c.as_of == "9 novembre 2026"
    assert c.subject == "Veille AICT — semaine 45 (2–8 novembre 2026)"


def test_savoie_recipient_sees_only_savoie(engine: Engine) -> None:
    build_week(engine)
    c = content_for(
        engine,
        Subscription(email="s@example.org", name="Mme la présidente", territories=("dep:73",)),
    )
    assert sorted(titles(c)) == [
        "Eau potable à Ouahigouya : Chambéry renouvelle son aide",
        "Le comité de jumelage fête ses quarante ans",  # no actors, Savoie edition
    ]
    assert [u.actor for u in c.unreported] == ["Département de la Savoie"]
    assert [line.source for line in c.health] == []  # Nord and Rhône feeds are not theirs
    assert c.greeting == "Bonjour Mme la présidente,"
    assert c.scope.startswith("Savoie")


def test_region_and_object_filters(engine: Engine) -> None:
    build_week(engine)
    c = content_for(
        engine, Subscription(email="n@example.org", territories=("reg:32",), objects=("emergency",))
    )
    assert titles(c) == ["Lille vote une aide d'urgence pour le Liban"]
    assert [t.object_id for t in c.trends] == ["emergency"]
    assert [u.actor for u in c.unreported] == ["Lille"]
    assert [line.source for line in c.health] == ["La Voix du Nord"]
    commune = content_for(
        engine, Subscription(email="c@example.org", territories=("commune:73065",))
    )
    assert titles(commune) == [
        "Eau potable à Ouahigouya : Chambéry renouvelle son aide",
        "Le comité de jumelage fête ses quarante ans",
    ]
    assert commune.unreported == ()  # the département's action is not the commune's


def test_unknown_territory_is_a_clear_error(engine: Engine) -> None:
    build_week(engine)
    with pytest.raises(ValueError, match="unknown territory 'dep:999'"):
        content_for(engine, Subscription(email="x@example.org", territories=("dep:999",)))


def test_empty_week_is_quiet_but_explains_collection(engine: Engine) -> None:
    build_week(engine)
    data = load_week(engine, "2026-W46")
    c = build_content(data, Subscription(email="a@example.org"), "v")
    assert c.quiet and c.sections == ()
    assert "La Voix du Nord" in [line.source for line in c.health]

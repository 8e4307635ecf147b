"""Rendering: hostile scraped text and links come out inert (P-F1), size stays capped (P-F3)."""

from __future__ import annotations

import datetime as dt
import re

import lxml.html
from sqlalchemy import Engine

from digest.content import build_content
from digest.queries import AictArticle, SourceInfo, WeekData, load_week
from digest.render import MAX_HTML_BYTES, environment, render, standalone_html
from digest.subscriptions import Subscription
from models.base import OBJECT_IDS
from tests.digest.factory import HOSTILE_TITLES, WEEK, build_week


def assert_inert(page: str, sender: str = "veille@example.org") -> None:
    tree = lxml.html.fromstring(page)
    assert tree.xpath("//script") == []
    for element in tree.iter():
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), (element.tag, name)
            if name in ("href", "src"):
                # The only mailto: links are "Signaler une erreur", to the configured sender.
                assert value.startswith(
                    ("https://", "http://", "cid:", "data:image/png;base64,")
                ) or re.fullmatch(
                    rf"mailto:{re.escape(sender)}\?subject=[0-9A-Za-z%._~-]+&body=[0-9A-Za-z%._~-]+",
                    value,
                ), value
    assert (
        tree.xpath(
            "//img[not(starts-with(@src, 'cid:')) and not(starts-with(@src, 'data:image/png'))]"
        )
        == []
    )


def test_every_template_autoescapes() -> None:
    env = environment()
    for name in env.list_templates():
        assert env.get_template(name).render  # loads
    assert env.autoescape is True
    assert str(env.from_string("{{ x }}").render(x="<b>")) == "&lt;b&gt;"


def test_hostile_titles_and_links_are_inert(engine: Engine) -> None:
    build_week(engine)
    content = build_content(load_week(engine, WEEK), Subscription(email="a@example.org"), "v")
    rendered = render(content, unsubscribe="veille@example.org")
    for page in (rendered.html, standalone_html(rendered)):
        assert_inert(page)
    tree = lxml.html.fromstring(rendered.html)
    text = tree.text_content()
    for title in HOSTILE_TITLES:
        assert title in text  # shown as text, never as markup
    assert "49 jumelage" not in text  # template syntax in data is not evaluated
    assert "javascript:" not in rendered.html.lower()
    assert "data:text/html" not in rendered.html
    # The hostile https link with a quote stays one attribute value.
    hrefs = tree.xpath("//a/@href")
    assert "https://www.lavoixdunord.fr/a%22onmouseover=%22x" in hrefs
    # The plain-text part carries the same titles, unescaped, and only http(s) URLs.
    assert HOSTILE_TITLES[1] in rendered.text and "&lt;" not in rendered.text
    assert "javascript:" not in rendered.text and "data:text" not in rendered.text
    # CSS is inlined: no <style> block left for mail clients to drop.
    assert "<style" not in rendered.html and 'style="' in rendered.html


def synthetic_week(n: int) -> WeekData:
    sources = {
        f"titre-{i}": SourceInfo(
            f"titre-{i}", f"Journal régional numéro {i}", "press", frozenset({"73"}), None
        )
        for i in range(60)
    }
    articles = tuple(
        AictArticle(
            id=f"a{i}",
            week=WEEK,
            title="Un titre assez long sur la coopération décentralisée " * 4,
            url=f"https://www.journal.fr/{'x' * 120}/{i}.html",
            day=dt.date(2026, 11, 2 + i % 7),
            syndicated_of=f"a{i - 1}" if i % 3 else None,
            source_slug=f"titre-{i % 60}",
            source_kind="press",
            departements=frozenset({"73"}),
            actor_codes=("commune:73065",),
            actor_names=(),
            countries=("BF", "SN"),
            objects=((OBJECT_IDS[i % 8], 0.9),),
        )
        for i in range(n)
    )
    return WeekData(
        week=WEEK,
        trend_weeks=("2026-W44", "2026-W43", "2026-W42", "2026-W41"),
        articles=articles,
        relayed={},
        silent=(),
        problems=(),
        completeness={s: False for s in sources},
        sources=sources,
        areas={},
        names={"commune:73065": "Chambéry"},
        countries={},
        as_of=None,
    )


def test_a_huge_week_stays_under_100_kb() -> None:
    content = build_content(synthetic_week(5000), Subscription(email="a@example.org"), "v")
    rendered = render(content, unsubscribe="veille@example.org")
    size = len(rendered.html.encode("utf-8"))
    assert size < MAX_HTML_BYTES, size
    assert sum(len(s.items) for s in content.sections) <= 8 * 5
    assert all(s.more > 0 for s in content.sections)
    assert "autres articles" in rendered.html and "autres sources" in rendered.html

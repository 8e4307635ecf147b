"""``v_framing`` and the cookbook question "did our communication move from solidarity to
interest since 2015?" (docs/sql-cookbook.md), by value on SQLite and PostgreSQL.

The scenario is small and written here: frame distributions are stored the way ``aict tag``
stores them (:func:`storage.tagstore.write_tags`), so the storage hook is exercised too.

| item | channel | month | objects | solidarity, reciprocity, interest, institutional |
|---|---|---|---|---|
| C0 | council | 2014-12 | emergency | 1, 0, 0, 0 |
| C1 | council | 2015-03 | cooperation | .8, .1, 0, .1 |
| C2 | council | 2015-03 | cooperation, twinning | .4, .4, .1, .1 |
| C3 | council | 2024-06 | attractiveness | .1, .1, .7, .1 |
| P1 | press (journal) | 2024-06 | attractiveness | 0, 0, .9, .1 |
| P2 | press (gazette), copy of P1 | 2024-06 | attractiveness | .1, .1, .7, .1 |
| N1 | press | 2024-06 | not AICT | — |

P1 and P2 are one item whose shares are the mean of the copies': .05, .05, .8, .1.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path

from sqlalchemy import Engine, text

from storage.engine import write_session
from storage.officer import run_query
from storage.upserts import upsert_articles
from tests.measure.test_cookbook_values import _driver_rows, _normalised
from tests.support.data import add_source, add_tags, make_article, make_tag

COOKBOOK = Path(__file__).parents[2] / "docs" / "sql-cookbook.md"
#: The cookbook heading of the question (French, like the cookbook).
QUESTION = "Notre communication est-elle passée de la solidarité à l'intérêt depuis 2015 ?"

#: (key, source, published day, objects, frames in FRAMES order, syndicated copy of).
ITEMS = [
    ("C0", "ville", "2014-12-10", ("emergency",), (1, 0, 0, 0), None),
    ("C1", "ville", "2015-03-10", ("cooperation",), (0.8, 0.1, 0, 0.1), None),
    ("C2", "ville", "2015-03-20", ("cooperation", "twinning"), (0.4, 0.4, 0.1, 0.1), None),
    ("C3", "ville", "2024-06-05", ("attractiveness",), (0.1, 0.1, 0.7, 0.1), None),
    ("P1", "journal", "2024-06-06", ("attractiveness",), (0, 0, 0.9, 0.1), None),
    ("P2", "gazette", "2024-06-06", ("attractiveness",), (0.1, 0.1, 0.7, 0.1), "P1"),
    ("N1", "journal", "2024-06-07", (), None, None),
]
FRAMES = ("solidarity", "reciprocity", "interest", "institutional")


def _four(month: str, channel: str, obj: str, items: int, shares: dict[str, float]) -> list:
    """The four rows of one (month, channel, object), frames in alphabetical order."""
    year = int(month[:4])
    return [(year, month, channel, obj, f, items, shares[f]) for f in sorted(shares)]


def _shares(solidarity: float, reciprocity: float, interest: float, inst: float) -> dict:
    return dict(zip(FRAMES, (solidarity, reciprocity, interest, inst), strict=True))


#: v_framing ORDER BY year, month, channel, object, frame.
V_FRAMING = [
    *_four("2014-12", "council", "all", 1, _shares(1, 0, 0, 0)),
    *_four("2014-12", "council", "emergency", 1, _shares(1, 0, 0, 0)),
    # C1 and C2: (.8 + .4) / 2, (.1 + .4) / 2, (0 + .1) / 2, (.1 + .1) / 2.
    *_four("2015-03", "council", "all", 2, _shares(0.6, 0.25, 0.05, 0.1)),
    *_four("2015-03", "council", "cooperation", 2, _shares(0.6, 0.25, 0.05, 0.1)),
    *_four("2015-03", "council", "twinning", 1, _shares(0.4, 0.4, 0.1, 0.1)),
    *_four("2024-06", "council", "all", 1, _shares(0.1, 0.1, 0.7, 0.1)),
    *_four("2024-06", "council", "attractiveness", 1, _shares(0.1, 0.1, 0.7, 0.1)),
    # P1 with its copy P2 counted once, N1 (not AICT) left out.
    *_four("2024-06", "press", "all", 1, _shares(0.05, 0.05, 0.8, 0.1)),
    *_four("2024-06", "press", "attractiveness", 1, _shares(0.05, 0.05, 0.8, 0.1)),
]

#: The cookbook answer, ORDER BY channel, year (2014 left out): channel, year, items, the four
#: shares, interest minus solidarity.
COOKBOOK_ANSWER = [
    ("council", 2015, 2, 0.6, 0.25, 0.05, 0.1, -0.55),
    ("council", 2024, 1, 0.1, 0.1, 0.7, 0.1, 0.6),
    ("press", 2024, 1, 0.05, 0.05, 0.8, 0.1, 0.75),
]


def build(engine: Engine) -> dict[str, str]:
    """Store the scenario's sources, articles and tags; return article ids by key."""
    ids: dict[str, str] = {}
    with write_session(engine) as s:
        sources = {
            "ville": add_source(s, "ville-exemple", kind="council"),
            "journal": add_source(s, "le-journal", kind="press"),
            "gazette": add_source(s, "la-gazette", kind="press"),
        }
        for n, (key, source, day, _objects, _frames, copy_of) in enumerate(ITEMS):
            noon = dt.datetime.fromisoformat(f"{day}T12:00:00+00:00")
            extra = {"syndicated_of": ids[copy_of]} if copy_of else {}
            row = make_article(sources[source], n, published_at=noon, **extra)
            upsert_articles(s, [row])
            ids[key] = row["id"]
        add_tags(
            s, [(ids[key], _record(objects, frames)) for key, _, _, objects, frames, _ in ITEMS]
        )
    return ids


def _record(objects: tuple[str, ...], frames: tuple[float, ...] | None):  # type: ignore[no-untyped-def]
    if frames is None:
        return make_tag((), is_aict=False)
    return replace(make_tag(objects), frames=dict(zip(FRAMES, frames, strict=True)))


def cookbook_query(path: Path = COOKBOOK) -> str:
    """The ```sql block that follows the question's heading."""
    doc = path.read_text(encoding="utf-8")
    heading = re.search(r"^## \d+\. " + re.escape(QUESTION), doc, re.MULTILINE | re.IGNORECASE)
    assert heading, f"no cookbook question {QUESTION!r}"
    block = re.search(r"```sql\n(.*?)```", doc[heading.end() :], re.DOTALL)
    assert block
    return block.group(1).strip()


def _rows(engine: Engine, sql: str) -> list[tuple]:
    with engine.connect() as conn:
        return _normalised(conn.execute(text(sql)))


def test_v_framing_by_value(engine) -> None:  # type: ignore[no-untyped-def]
    build(engine)
    sql = "SELECT * FROM v_framing ORDER BY year, month, channel, object, frame"
    assert _rows(engine, sql) == V_FRAMING


def test_cookbook_framing_question_by_value(engine) -> None:  # type: ignore[no-untyped-def]
    build(engine)
    query = cookbook_query()
    assert _normalised(run_query(engine, query).rows) == COOKBOOK_ANSWER, "aict sql"
    assert _normalised(_driver_rows(engine, [query])[0]) == COOKBOOK_ANSWER, "driver"


def test_retagging_replaces_the_frames(engine) -> None:  # type: ignore[no-untyped-def]
    ids = build(engine)
    with write_session(engine) as s:
        add_tags(s, [(ids["C3"], _record(("attractiveness",), (0, 0, 0, 1)))], "test-2")
        add_tags(s, [(ids["C1"], make_tag((), is_aict=False))], "test-2")
    frames = _rows(
        engine,
        "SELECT article_id, frame, share FROM tag_frames WHERE share > 0 "
        f"AND article_id IN ('{ids['C1']}', '{ids['C3']}') ORDER BY article_id",
    )
    assert frames == [(ids["C3"], "institutional", 1.0)]


def test_report_framing_section_and_chart(engine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """`aict report`: one row per channel × year, items weighted as in the cookbook; the
    frames' chart in `--plots` (issue 15 item 5)."""
    from measure.framing_report import framing_section, write_framing_charts
    from measure.report import build_report

    build(engine)
    with engine.connect() as conn:
        section = framing_section(conn)
    assert section is not None
    got = [(r[0], r[1], r[2], *(round(v, 6) for v in r[3:])) for r in section.rows]
    # Same figures as the cookbook answer (weighted by items), with 2014 kept.
    assert got == [
        ("council", 2014, 1, 1.0, 0.0, 0.0, 0.0),
        ("council", 2015, 2, 0.6, 0.25, 0.05, 0.1),
        ("council", 2024, 1, 0.1, 0.1, 0.7, 0.1),
        ("press", 2024, 1, 0.05, 0.05, 0.8, 0.1),
    ]
    assert section.headers[3:] == ["Solidarité", "Réciprocité", "Intérêt", "Institutionnel"]
    report = build_report(engine, dt.date(2014, 1, 1), dt.date(2024, 12, 31))
    assert report.section("framing").rows == section.rows
    charts = write_framing_charts(report.sections, tmp_path)
    assert [c.name for c in charts] == ["frame_shares.png"]
    assert charts[0].read_bytes().startswith(b"\x89PNG")


def test_no_framing_section_without_frames(engine) -> None:  # type: ignore[no-untyped-def]
    from measure.framing_report import framing_sections

    with engine.connect() as conn:
        assert framing_sections(conn) == []

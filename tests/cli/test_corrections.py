"""`aict tags correct` / `aict tags corrections` (issue 13 item 8), end to end on both databases:
a correction changes the views, the measure and the digest; `aict tag --retag` rewrites the
machine's tags and the corrected values still win; bad files are refused whole, line by line."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from sqlalchemy import Engine, text

from digest.content import build_content
from digest.queries import load_week
from digest.render import render
from digest.subscriptions import Subscription
from measure.run import run_measure
from nlp.version import nlp_version
from storage.engine import make_engine, write_session
from storage.timeutil import iso_week
from storage.upserts import upsert_articles
from tests.support.cli import run_aict
from tests.support.data import add_source, add_tags, make_article, make_tag

DAY = dt.datetime(2026, 11, 3, 9, 0, tzinfo=dt.UTC)  # Tuesday of 2026-W45
AS_OF = dt.date(2026, 11, 9)
WEEK = iso_week(DAY)
SENDER = "veille@example.org"
HEADER = ["article", "is_aict", "objects", "partner_countries", "actor_codes", "note", "by"]
COUNCIL_TEXT = (
    "La Ville de Chambéry signe avec Ouahigouya une convention de coopération décentralisée "
    "pour l'eau potable : forages, château d'eau et formation des agents municipaux."
)
PRESS_TEXT = (
    "Chambéry et Albstadt fêtent cinquante ans de jumelage : une délégation allemande est "
    "reçue à l'hôtel de ville samedi, avec les familles d'accueil et le comité de jumelage."
)


def write_csv(path: Path, rows: list[list[str]], header: list[str] = HEADER) -> str:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return str(path)


def build(engine: Engine) -> dict[str, str]:
    """A council item (AICT, BF) and two press articles the machine says are not AICT."""
    with write_session(engine) as s:
        council = add_source(s, "ville-de-chambery", kind="council")
        press = add_source(s, "le-dauphine", kind="press")
        item = make_article(
            council, 1, title="Coopération avec Ouahigouya", text=COUNCIL_TEXT, published_at=DAY
        )
        story = make_article(
            press,
            2,
            title="Cinquante ans de jumelage",
            text=PRESS_TEXT,
            published_at=DAY + dt.timedelta(days=1),
        )
        other = make_article(press, 3, published_at=DAY + dt.timedelta(days=2))
        upsert_articles(s, [item, story, other])
        add_tags(
            s,
            [
                (
                    item["id"],
                    make_tag(
                        ["cooperation"],
                        countries=["BF"],
                        actors=[("Ville de Chambéry", "commune:73065")],
                    ),
                ),
                (story["id"], make_tag([], is_aict=False)),
                (other["id"], make_tag([], is_aict=False)),
            ],
        )
    run_measure(engine, AS_OF)
    return {"item": item["id"], "story": story["id"], "other": other["id"], "url": story["url"]}


def rows(engine: Engine, sql: str) -> list[tuple]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql))]


def check_corrected(engine: Engine, ids: dict[str, str]) -> None:
    """Every output says what the corrections say."""
    articles = {
        r[0]: (bool(r[1]), r[2], bool(r[3]))
        for r in rows(engine, "SELECT article_id, is_aict, objects, corrected FROM v_articles")
    }
    assert articles[ids["story"]] == (True, "twinning", True)
    assert articles[ids["item"]] == (True, "cooperation,emergency", True)
    assert articles[ids["other"]] == (False, "", False)
    mentions = rows(
        engine,
        "SELECT article_id, object, score, actor_codes, partner_countries, corrected "
        "FROM v_aict_mentions ORDER BY article_id, object",
    )
    assert sorted((r[0], r[1], r[3], r[4], bool(r[5])) for r in mentions) == sorted(
        [
            (ids["item"], "cooperation", "commune:73065", "SN", True),
            (ids["item"], "emergency", "commune:73065", "SN", True),
            (ids["story"], "twinning", "commune:73065,dep:73", "DE", True),
        ]
    )
    assert {r[2] for r in mentions} == {1.0}
    geography = rows(
        engine,
        "SELECT country_iso2, council_actions, press_articles "
        "FROM v_partner_geography ORDER BY country_iso2",
    )
    assert geography == [("DE", 0, 1), ("SN", 1, 0)]  # BF is gone
    relay = rows(engine, "SELECT object, corrected FROM v_relay ORDER BY object")
    assert [(o, bool(c)) for o, c in relay] == [("cooperation", True), ("emergency", True)]
    silent = rows(
        engine, "SELECT object, country_iso2, corrected FROM v_silent_actions ORDER BY object"
    )
    assert [(o, c, bool(k)) for o, c, k in silent] == [
        ("cooperation", "SN", True),
        ("emergency", "SN", True),
    ]
    weekly = rows(
        engine,
        "SELECT object, aict_articles FROM v_weekly_coverage WHERE source_slug = 'le-dauphine' "
        f"AND week = '{WEEK}' AND (object IS NULL OR object = 'twinning') ORDER BY object",
    )
    assert sorted(weekly, key=str) == sorted([(None, 1), ("twinning", 1)], key=str)
    # The digest: the corrected press story is reported, with its "Signaler une erreur" link.
    content = build_content(load_week(engine, WEEK), Subscription(email="a@example.org"), "v")
    sections = {s.object_id: [i.article_id for i in s.items] for s in content.sections}
    assert sections.get("twinning") == [ids["story"]]
    page = render(content, unsubscribe=SENDER, chart=False)
    assert f'href="mailto:{SENDER}?subject=' in page.html
    assert f"article%20{ids['story']}" in page.html
    assert "Signaler une erreur" in page.html and ids["story"] in page.text


def test_correct_changes_every_output_and_survives_retag(db_url: str, tmp_path: Path) -> None:
    engine = make_engine(db_url)
    ids = build(engine)
    assert rows(engine, "SELECT country_iso2 FROM v_partner_geography") == [("BF",)]
    path = write_csv(
        tmp_path / "corrections.csv",
        [
            # A URL names the article as well as its id.
            [
                ids["url"],
                "true",
                "twinning",
                "de",
                "commune:73065 dep:73",
                "jumelage Chambéry–Albstadt",
                "marie",
            ],
            [ids["item"], "oui", "cooperation;emergency", "SN", "commune:73065", "", "paul"],
        ],
    )
    done = run_aict("tags", "correct", path, "--db", db_url)
    assert done.returncode == 0, done.stderr
    assert (
        "stored 2 corrections" in done.stdout and "measured again as of 2026-11-09" in done.stdout
    )
    check_corrected(engine, ids)

    # The same file again changes nothing.
    again = run_aict("tags", "correct", path, "--db", db_url)
    assert again.returncode == 0 and "stored 0 corrections (2 unchanged)" in again.stdout

    # Re-tagging rewrites the machine's tags; the corrections still win.
    retag = run_aict("tag", "--retag", "--db", db_url)
    assert retag.returncode == 0, retag.stderr
    versions = dict(rows(engine, "SELECT article_id, nlp_version FROM tags"))
    assert set(versions.values()) == {nlp_version()}
    run_measure(engine, AS_OF)
    check_corrected(engine, ids)

    # Listing: who and when, the corrections in force.
    listed = run_aict("tags", "corrections", "--db", db_url, "--format", "csv")
    assert listed.returncode == 0, listed.stderr
    table = list(csv.DictReader(listed.stdout.splitlines()))
    assert [(r["article_id"], r["by"], r["is_aict"]) for r in table] == [
        (ids["story"], "marie", "True"),
        (ids["item"], "paul", "True"),
    ]
    assert all(r["at"][:4] == str(dt.date.today().year) for r in table)
    assert table[0]["note"] == "jumelage Chambéry–Albstadt"

    # A later correction of the same article is a new version, and the one in force.
    later = write_csv(tmp_path / "later.csv", [[ids["story"], "false", "", "", "", "", "jo"]])
    assert run_aict("tags", "correct", later, "--db", db_url, "--no-measure").returncode == 0
    assert rows(
        engine, f"SELECT is_aict, corrected FROM v_articles WHERE article_id = '{ids['story']}'"
    ) in ([(False, True)], [(0, 1)])
    in_force = run_aict("tags", "corrections", "--db", db_url)
    assert in_force.returncode == 0 and "2 corrections" in in_force.stdout
    assert " jo " in in_force.stdout and "marie" not in in_force.stdout
    history = run_aict("tags", "corrections", "--db", db_url, "--all", "--format", "json")
    assert history.stdout.count('"in_force": false') == 1 and history.stdout.count('"id"') == 3
    engine.dispose()


def test_bad_correction_files_are_refused_line_by_line(db_url: str, tmp_path: Path) -> None:
    engine = make_engine(db_url)
    ids = build(engine)
    before = rows(
        engine, "SELECT article_id, is_aict, objects, corrected FROM v_articles ORDER BY article_id"
    )
    path = write_csv(
        tmp_path / "bad.csv",
        [
            [ids["story"], "true", "twinning", "DE", "commune:73065", "", "marie"],  # fine
            ["0123456789abcdef01234567", "true", "twinning", "", "", "", "marie"],
            [ids["other"], "true", "jumelage", "", "", "", "marie"],
            [ids["item"], "true", "cooperation", "FR", "", "", "marie"],
            [ids["url"], "true", "twinning", "", "", "", "marie"],  # the story again, by URL
            [ids["item"], "peut-être", "cooperation", "", "", "", "paul"],
            [ids["other"], "true", "cooperation", "ZZ", "dep:999", "", "paul"],
            [ids["other"], "true", "cooperation", "", "73", "", ""],
        ],
    )
    result = run_aict("tags", "correct", path, "--db", db_url)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines[:-1] == [
        f"{path}, line 3: unknown article '0123456789abcdef01234567' "
        "(no article has this id or URL)",
        f"{path}, line 4: unknown object 'jumelage' (one of cooperation, attractiveness, "
        "emergency, twinning, european, delegation, networks, citizenship)",
        f"{path}, line 5: FR is France or a French territory, never a partner country",
        f"{path}, line 6: article {ids['story']} is already corrected on line 2",
        f"{path}, line 7: article {ids['item']} is already corrected on line 5",
        f"{path}, line 7: is_aict must be true or false, not 'peut-être'",
        f"{path}, line 8: article {ids['other']} is already corrected on line 4",
        f"{path}, line 8: unknown country code 'ZZ' (ISO 3166-1 alpha-2, e.g. SN)",
        f"{path}, line 8: unknown actor code 'dep:999' (a typed collectivité code such as "
        "commune:73065, dep:73, reg:84, epci:SIREN)",
        f"{path}, line 9: article {ids['other']} is already corrected on line 4",
        f"{path}, line 9: actor code '73' is a bare number: write a typed code (dep:73, commune:…)",
        f"{path}, line 9: column by is empty (who makes the correction)",
    ]
    assert lines[-1] == f"aict: error: 12 errors in {path}: nothing stored"
    assert rows(engine, "SELECT COUNT(*) FROM tag_corrections") == [(0,)]
    assert (
        rows(
            engine,
            "SELECT article_id, is_aict, objects, corrected FROM v_articles ORDER BY article_id",
        )
        == before
    )

    # A file with a missing or unknown column is refused before any row is read.
    odd = write_csv(tmp_path / "odd.csv", [[ids["story"], "true"]], ["article", "is_aict", "pays"])
    result = run_aict("tags", "correct", odd, "--db", db_url)
    assert result.returncode == 1
    assert result.stderr.startswith(f"aict: error: {odd}, line 1: missing columns objects, ")
    assert "unknown columns pays" in result.stderr and "Traceback" not in result.stderr
    listed = run_aict("tags", "corrections", "--db", db_url)
    assert listed.returncode == 0 and listed.stdout.strip() == "no corrections"
    engine.dispose()

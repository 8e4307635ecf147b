"""The demo web generator: determinism, volumes and proportions, and pages that the real
components (feedparser, trafilatura, htmldate) read like real sites."""

from __future__ import annotations

import datetime as dt
import html
import os
import random
import statistics
import subprocess
import sys
from functools import cache

import feedparser
import pytest
import trafilatura
import yaml
from htmldate import find_date

from demoweb.compose import fill, local_slots
from demoweb.generate import OBJECTS, build_web
from demoweb.material import load as load_material
from demoweb.model import DemoWeb
from storage.reference import REFDATA

AS_OF = dt.date(2026, 11, 26)


@cache
def small_web() -> DemoWeb:
    return build_web(AS_OF, small=True)


@cache
def full_web() -> DemoWeb:
    return build_web(AS_OF)


def _path(web: DemoWeb, url: str) -> tuple[str, str]:
    rest = url.split("//", 1)[1]
    host, _, path = rest.partition("/")
    return host.split(":")[0], "/" + path


def test_same_inputs_give_byte_identical_web() -> None:
    first, second = build_web(AS_OF, seed=7, small=True), build_web(AS_OF, seed=7, small=True)
    assert first.ground_truth_json() == second.ground_truth_json()
    assert first.pages.keys() == second.pages.keys()
    for host, pages in first.pages.items():
        assert {k: r.body for k, r in pages.items()} == {
            k: r.body for k, r in second.pages[host].items()
        }
    other = build_web(AS_OF, seed=8, small=True)
    assert other.ground_truth_json() != first.ground_truth_json()


def test_digest_is_stable_across_processes() -> None:
    """String hashing is salted per process; the web must not depend on it."""
    code = (
        "import datetime as dt; from demoweb.generate import build_web; "
        "print(build_web(dt.date(2026, 11, 26), small=True).digest())"
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", code], env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True, text=True, check=True,
        ).stdout.strip()
        for seed in ("1", "2")
    }  # fmt: skip
    assert digests == {small_web().digest()}


def test_full_web_volumes_and_proportions() -> None:
    web = full_web()
    press = [t for t in web.truth if t.kind == "press"]
    council = [t for t in web.truth if t.kind == "council"]
    assert len(press) >= 1500 and len(council) >= 150
    share = sum(t.is_aict for t in press) / len(press)
    assert 0.02 <= share <= 0.04
    assert {o for t in web.truth if t.is_aict for o in t.objects} == set(OBJECTS)
    assert {o for t in council if t.is_aict for o in t.objects} == set(OBJECTS)
    # Partners in least-developed and other countries.
    countries = {c for t in web.truth for c in t.partner_countries}
    assert {"BF", "ML", "NP"} <= countries and {"DE", "IT", "CA"} <= countries
    # Hard negatives of the kinds the taxonomy names.
    kinds = {t.negative for t in web.truth if t.negative}
    assert {"delegation-service-public", "urgences-hospitalieres", "cooperation-intercommunale",
            "club-delegation", "jumelage-classes", "tempete-domestique"} <= kinds  # fmt: skip
    assert all(not t.is_aict for t in web.truth if t.negative)
    # Every date within the 12 weeks ending on as_of.
    days = {
        dt.datetime.fromisoformat(t.published_at.replace("Z", "+00:00")).date() for t in web.truth
    }
    assert min(days) >= AS_OF - dt.timedelta(days=84) and max(days) <= AS_OF


def test_relays_are_a_third_with_lag_1_to_21_days_and_rewritten() -> None:
    web = full_web()
    by_url = {t.url: t for t in web.truth}
    council_aict = [t for t in web.truth if t.kind == "council" and t.is_aict]
    relayed = [t for t in council_aict if t.relayed_by]
    assert 0.25 <= len(relayed) / len(council_aict) <= 0.42
    lags = [by_url[u].relay_lag_days for t in relayed for u in t.relayed_by]
    assert all(1 <= lag <= 21 for lag in lags)
    styles = {by_url[u].relay_style for t in relayed for u in t.relayed_by}
    assert styles == {"close", "original"}
    for item in relayed:
        press = by_url[item.relayed_by[0]]
        assert press.actors == item.actors and press.title != item.title
        host, path = _path(web, press.url)
        assert (
            web.pages[host][path].body
            != web.pages[_path(web, item.url)[0]][_path(web, item.url)[1]].body
        )


def test_emergency_spike_week() -> None:
    web = full_web()
    weeks: dict[str, int] = {}
    for t in web.truth:
        if "emergency" in t.objects:
            moment = dt.datetime.fromisoformat(t.published_at.replace("Z", "+00:00"))
            week = "{}-W{:02d}".format(*moment.isocalendar()[:2])
            weeks[week] = weeks.get(week, 0) + 1
    counts = sorted(weeks.values(), reverse=True)
    assert counts[0] >= 3 * statistics.median(counts)
    assert any("NP" in t.partner_countries for t in web.truth if t.kind == "council")


def test_small_web_keeps_every_feature() -> None:
    web = small_web()
    press = [t for t in web.truth if t.kind == "press"]
    assert 100 <= len(press) <= 200
    assert any(t.paywalled for t in press) and any(t.syndicated_of for t in press)
    assert any(t.relayed_by for t in web.truth) and any(t.negative for t in web.truth)
    assert {s.cms for s in web.sites if s.kind == "council"} == {
        "wordpress", "spip", "drupal", "joomla", "sitemap", "listing"}  # fmt: skip
    assert any(s.faulty == "robots503" for s in web.sites)


def test_feeds_parse_with_feedparser_and_list_real_article_urls() -> None:
    web = small_web()
    known = {t.url for t in web.truth}
    seen = 0
    for site in web.sites:
        for feed in site.feeds:
            if feed.kind not in ("rss", "atom"):
                continue
            resp = web.pages[site.ip][feed.path]
            if resp.status != 200:
                assert site.faulty == "feed500"
                continue
            parsed = feedparser.parse(resp.body)
            assert not parsed.bozo, (site.slug, parsed.get("bozo_exception"))
            for entry in parsed.entries:
                url = entry.link.split("?xtor=")[0].split("?utm_")[0]
                assert url in known
                assert entry.get("published_parsed")
                seen += 1
    assert seen > 100


def test_every_article_extracts_and_has_a_findable_date() -> None:
    web = small_web()
    for item in web.truth:
        host, path = _path(web, item.url)
        html = web.pages[host][path].body.decode("utf-8")
        text = trafilatura.extract(html) or ""
        assert len(text) >= 200, (item.url, text)
        found = find_date(html, original_date=True)
        expected = dt.datetime.fromisoformat(item.published_at.replace("Z", "+00:00"))
        assert found is not None, item.url
        # Paris midnight may fall on the previous UTC day: one day of slack.
        assert abs((dt.date.fromisoformat(found) - expected.date()).days) <= 1, (item.url, found)


def test_paywalled_pages_say_so_and_are_truncated() -> None:
    web = small_web()
    paywalled = [t for t in web.truth if t.paywalled]
    assert paywalled
    for item in paywalled:
        host, path = _path(web, item.url)
        html = web.pages[host][path].body.decode("utf-8")
        assert '"isAccessibleForFree": false' in html and "Réservé aux abonnés" in html


def test_press_links_carry_tracking_parameters() -> None:
    web = small_web()
    bodies = b"".join(
        r.body for site in web.sites if site.kind == "press" for r in web.pages[site.ip].values()
    )
    assert b"?xtor=RSS-" in bodies and b"utm_source=" in bodies


@pytest.mark.parametrize("cms", ["wordpress", "spip", "drupal", "joomla"])
def test_council_homepages_advertise_their_feed(cms: str) -> None:
    web = small_web()
    site = next(s for s in web.sites if s.cms == cms)
    home = web.pages[site.ip]["/"].body.decode()
    assert 'rel="alternate" type="application/rss+xml"' in home
    assert site.feeds[0].path.replace("&", "&amp;") in home


def test_ground_truth_partners_and_countries_are_named_in_the_page() -> None:
    """A tagger can only find what the text says: each AICT page names its partner and, by
    name or demonym (storage/refdata/country_aliases.yaml), each partner country."""
    aliases = yaml.safe_load((REFDATA / "country_aliases.yaml").read_text(encoding="utf-8"))
    sites = load_material()["sites"]
    for place in [*sites["partners"].values(), *sites["disasters"]]:
        aliases.setdefault(place["iso"], []).append(place["pays"])
    web = full_web()
    for item in web.truth:
        if not item.is_aict:
            continue
        host, path = _path(web, item.url)
        text = html.unescape(web.pages[host][path].body.decode("utf-8")).lower()
        for partner in item.partners:
            assert partner.lower() in text, (item.url, partner)
        for iso in item.partner_countries:
            assert any(name.lower() in text for name in aliases[iso]), (item.url, iso)


def _strings(node: object) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for key, value in node.items() if key in TEXT_KEYS for s in _strings(value)]
    if isinstance(node, list):
        return [s for value in node for s in _strings(value)]
    return []


TEXT_KEYS = {"titles", "paragraphs", "fillers", "council_fillers", "press_fillers", "stories",
             "rubrics", "negatives", "council", "press"}  # fmt: skip


def test_every_template_of_the_material_fills() -> None:
    """Stories the seed does not pick must be valid too (a typo in a slot raises)."""
    material = load_material()
    people = material["people"]
    slots = local_slots(random.Random(1), "Annecy", AS_OF, people, {"edition": "Savoie"})
    slots.update({key: "x" for key in (
        "acteur", "Acteur", "court", "elu", "elu_nom", "elu_fonction", "montant_aide",
        "partenaire", "pays", "en_pays", "du_pays", "adj", "catastrophe", "evenement",
        "de_evenement", "lieu_catastrophe")})  # fmt: skip
    rubrics = material["stories_local"]["rubrics"]
    texts = _strings({"rubrics": list(rubrics.values())})
    for name in ("council_local", "stories_aict", "negatives"):
        texts += _strings(material[name])
    assert len(texts) > 1000
    for text in texts:
        fill(text, slots)

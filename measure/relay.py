"""Relay linking: which press articles relay a council's AICT news item.

A press article relays a council item when it is published from 2 days before to 21 days after
it (design.md), shares one of its actors (typed code; for a press article in which the tagger
found no council, a partner country stands in) and, when the item names partner
countries or partners, one of those too, and tells the same story (TF-IDF cosine at least
:data:`SIMILARITY_THRESHOLD`, calibrated on the demo web's known relays: docs/measures.md).
Syndicated copies of one press text (``syndicated_of``) are each a relay row and each title is
an outlet, but an item is relayed once: rates count council items, not press articles.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from measure.similarity import fit_vectors, pair_similarities, reuse_ratio
from storage.timeutil import to_paris

WINDOW_BEFORE = dt.timedelta(days=2)
WINDOW_AFTER = dt.timedelta(days=21)
SIMILARITY_THRESHOLD = 0.12


@dataclass
class Item:
    """An AICT article as relay linking sees it."""

    id: str
    source_slug: str
    published: dt.datetime
    text: str
    actor_codes: frozenset[str]
    countries: frozenset[str] = frozenset()
    partners: frozenset[str] = frozenset()
    syndicated_of: str | None = None

    @property
    def group(self) -> str:
        """Syndication group: copies of one text share it."""
        return self.syndicated_of or self.id


@dataclass
class Link:
    council_id: str
    press_id: str
    similarity: float
    reuse_ratio: float
    lag_days: int


@dataclass
class Outcome:
    """Relay outcome of one council item."""

    relayed: bool = False
    first_press_at: dt.datetime | None = None
    lag_days: int | None = None
    press_outlets: list[str] = field(default_factory=list)
    similarity: float | None = None
    reuse_ratio: float | None = None


def lag_days(council: dt.datetime, press: dt.datetime) -> int:
    """Whole calendar days (Paris) from the council item to the press article."""
    return (to_paris(press).date() - to_paris(council).date()).days


def _shares_partner(council: Item, press: Item) -> bool:
    if not council.countries and not council.partners:
        return True
    return bool(council.countries & press.countries) or bool(council.partners & press.partners)


def candidates(council: Sequence[Item], press: Sequence[Item]) -> list[tuple[int, int]]:
    """(council index, press index) pairs in the window sharing an actor and a partner."""
    by_actor: dict[str, list[tuple[dt.datetime, int]]] = defaultdict(list)
    for j, item in enumerate(press):
        for code in item.actor_codes:
            by_actor[code].append((item.published, j))
        # The tagger found no council in the article: let its countries stand in for the actor
        # (the text similarity still has to agree).
        if not item.actor_codes:
            for iso in item.countries:
                by_actor[f"country:{iso}"].append((item.published, j))
    for entries in by_actor.values():
        entries.sort()
    pairs: set[tuple[int, int]] = set()
    for i, item in enumerate(council):
        low, high = item.published - WINDOW_BEFORE, item.published + WINDOW_AFTER
        keys = [*item.actor_codes, *(f"country:{iso}" for iso in item.countries)]
        for code in keys:
            entries = by_actor.get(code, [])
            start = bisect.bisect_left(entries, (low, -1))
            for published, j in entries[start:]:
                if published > high:
                    break
                if _shares_partner(item, press[j]):
                    pairs.add((i, j))
    return sorted(pairs)


def link(
    council: Sequence[Item], press: Sequence[Item], threshold: float = SIMILARITY_THRESHOLD
) -> tuple[list[Link], dict[str, Outcome]]:
    """Links above the similarity threshold and the outcome of every council item."""
    pairs = candidates(council, press)
    outcomes = {item.id: Outcome() for item in council}
    if not pairs:
        return [], outcomes
    used_c = sorted({i for i, _ in pairs})
    used_p = sorted({j for _, j in pairs})
    row_c = {i: k for k, i in enumerate(used_c)}
    row_p = {j: len(used_c) + k for k, j in enumerate(used_p)}
    _, matrix = fit_vectors([council[i].text for i in used_c] + [press[j].text for j in used_p])
    press_by_id = {p.id: p for p in press}
    sims = pair_similarities(matrix, [row_c[i] for i, _ in pairs], [row_p[j] for _, j in pairs])
    links: list[Link] = []
    for (i, j), sim in zip(pairs, sims, strict=True):
        if sim < threshold:
            continue
        c, p = council[i], press[j]
        links.append(
            Link(
                c.id,
                p.id,
                round(float(sim), 4),
                reuse_ratio(c.text, p.text),
                lag_days(c.published, p.published),
            )
        )
    links.sort(key=lambda lk: (lk.council_id, lk.press_id))
    outcomes.update(_relayed(links, press_by_id))
    return links, outcomes


def _relayed(links: list[Link], press_by_id: dict[str, Item]) -> dict[str, Outcome]:
    """The outcome of each linked council item: first relay, outlets, closest relay."""
    grouped: dict[str, list[Link]] = defaultdict(list)
    for lk in links:
        grouped[lk.council_id].append(lk)
    outcomes = {}
    for council_id, found in grouped.items():
        first = min(found, key=lambda lk: press_by_id[lk.press_id].published)
        top = max(found, key=lambda lk: lk.similarity)
        outcomes[council_id] = Outcome(
            relayed=True,
            first_press_at=press_by_id[first.press_id].published,
            lag_days=first.lag_days,
            press_outlets=sorted({press_by_id[lk.press_id].source_slug for lk in found}),
            similarity=top.similarity,
            reuse_ratio=top.reuse_ratio,
        )
    return outcomes

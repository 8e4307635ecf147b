"""Territory filters: does an item concern one of a recipient's territories?

An item matches a territory when one of its actor codes *is* that territory or lies inside it
(a commune is inside its département and région) — design.md. A press article without actors
matches when its feed's (else its source's) départements intersect the recipient's. Inclusion
is decided on département numbers from the ``collectivites`` table, so ``dep:6AE`` (67+68) and
the single authorities (``reg:94`` = 2A+2B) work without special cases.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

#: Prefixes of codes that contain other collectivités (a commune or an EPCI contains none here).
_CONTAINERS = ("dep:", "reg:")


@dataclass(frozen=True)
class Area:
    """A territory code and the département numbers it covers (empty when unknown, e.g. EPCI)."""

    code: str
    departements: frozenset[str]


def split_codes(value: str | None) -> list[str]:
    """``'a,b'`` → ``['a', 'b']`` (list columns are comma-separated text)."""
    return [p.strip() for p in (value or "").split(",") if p.strip()]


def area_of(code: str, departement_codes: str | None) -> Area:
    """An :class:`Area` from a ``collectivites`` row's code and ``departement_codes``."""
    return Area(code, frozenset(split_codes(departement_codes)))


def contains(territory: Area, actor: Area) -> bool:
    """True when ``actor`` is ``territory`` or lies inside it."""
    if actor.code == territory.code:
        return True
    if not territory.code.startswith(_CONTAINERS) or not actor.departements:
        return False
    return actor.departements <= territory.departements


@dataclass(frozen=True)
class TerritoryFilter:
    """A recipient's territories, resolved; ``areas`` empty means all of France."""

    areas: tuple[Area, ...] = ()

    @property
    def everywhere(self) -> bool:
        return not self.areas

    @property
    def departements(self) -> frozenset[str]:
        return (
            frozenset().union(*(a.departements for a in self.areas)) if self.areas else frozenset()
        )

    def matches(
        self, actor_codes: Iterable[str], departements: Iterable[str], areas: Mapping[str, Area]
    ) -> bool:
        """Whether an item with these actors (or, without actors, these départements) matches."""
        if self.everywhere:
            return True
        actors = [areas.get(code, Area(code, frozenset())) for code in actor_codes]
        if actors:
            return any(contains(t, a) for t in self.areas for a in actors)
        return bool(self.departements & set(departements))


def resolve(codes: Iterable[str], areas: Mapping[str, Area]) -> TerritoryFilter:
    """Resolve a recipient's codes; ValueError for a code absent from ``collectivites``."""
    resolved = []
    for code in codes:
        if code not in areas:
            raise ValueError(f"unknown territory {code!r}: not in the collectivites table")
        resolved.append(areas[code])
    return TerritoryFilter(tuple(resolved))

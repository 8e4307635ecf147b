"""One typed record for a tag: what the tagger says about one text.

:class:`TagRecord` is the tagger's output everywhere: ``Tagger.tag`` yields it, ``aict tag-text``
prints :meth:`TagRecord.to_json` (the tag-text contract of design.md), ``storage.tagstore``
stores it and the test builders make it. :class:`Actor` is one actor mention, typed (a French
collectivité, a body it steers, the State, a foreign town…) and given a role in the act.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from models.taxonomy import OBJECT_IDS

#: Actor types (issue 11): French local authorities and the bodies they steer, then the
#: look-alikes that act instead of them.
ACTOR_TYPES = (
    "collectivite",
    "steered_body",
    "foreign_local_authority",
    "french_state",
    "foreign_state",
    "ngo",
    "religious",
    "health_or_university",
    "company",
    "consular_chamber",
    "unknown",
)
#: The French actors: the ones ``actor_codes``, the digest and the action register count.
FRENCH_ACTOR_TYPES = frozenset({"collectivite", "steered_body"})
#: ``agent`` of the cross-border act, its foreign ``partner``, or merely ``mentioned``.
ACTOR_ROLES = ("agent", "partner", "mentioned")
#: Keys of :meth:`TagRecord.to_json`, in order (``reason`` only when set).
CONTRACT_KEYS = (
    "is_aict",
    "score",
    "objects",
    "object_scores",
    "actors",
    "partners",
    "partner_countries",
    "reason",
    "frames",
)
#: Frames of an AICT item's distribution (issue 15; the classifier is nlp/framing.py).
FRAMES = ("solidarity", "reciprocity", "interest", "institutional")


def is_french_actor(item: Mapping[str, Any]) -> bool:
    """Whether a stored actor item (JSON) is a French collectivité or a body it steers.

    Items written before actors were typed have no ``type``: they were all collectivités.
    A person holding a council's office (``person``) is not counted as the council.
    """
    return (item.get("type") or "collectivite") in FRENCH_ACTOR_TYPES and not item.get("person")


@dataclass(frozen=True)
class Actor:
    """One actor of a text: display name, typed code (collectivités), type and role."""

    name: str
    code: str | None
    type: str = "collectivite"
    role: str = "agent"
    #: A person holding an office of an actor ("le maire, Patrick Durand"): typed, coded and
    #: given the role of that actor; the councils' counts leave persons out.
    person: bool = False

    def __post_init__(self) -> None:
        if self.type not in ACTOR_TYPES:
            raise ValueError(f"unknown actor type {self.type!r} (one of {', '.join(ACTOR_TYPES)})")
        if self.role not in ACTOR_ROLES:
            raise ValueError(f"unknown actor role {self.role!r} (one of {', '.join(ACTOR_ROLES)})")

    @property
    def is_french(self) -> bool:
        """A French collectivité or a body it steers (its officeholders are not counted)."""
        return self.type in FRENCH_ACTOR_TYPES and not self.person

    def to_json(self) -> dict[str, Any]:
        """The contract item; ``person`` only for persons (older consumers see the same keys)."""
        out: dict[str, Any] = {
            "name": self.name,
            "code": self.code,
            "type": self.type,
            "role": self.role,
        }
        if self.person:
            out["person"] = True
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Actor:
        """An actor from its JSON item; items of older rows lack ``type`` and ``role``."""
        return cls(
            str(data["name"]),
            data.get("code"),
            data.get("type") or "collectivite",
            data.get("role") or "agent",
            bool(data.get("person")),
        )


class ObjectScores(Mapping[str, float]):
    """An immutable score per object id, always all eight (missing ones are 0.0)."""

    __slots__ = ("_scores",)

    def __init__(self, scores: Mapping[str, float] | Iterable[tuple[str, float]] = ()) -> None:
        given = dict(scores)
        unknown = set(given) - set(OBJECT_IDS)
        if unknown:
            raise ValueError(f"unknown object ids in object_scores: {sorted(unknown)}")
        self._scores: dict[str, float] = {obj: float(given.get(obj, 0.0)) for obj in OBJECT_IDS}

    def __getitem__(self, key: str) -> float:
        return self._scores[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._scores)

    def __len__(self) -> int:
        return len(self._scores)

    def __hash__(self) -> int:
        return hash(tuple(self._scores.items()))

    def __repr__(self) -> str:
        return f"ObjectScores({self._scores!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (ObjectScores, (self._scores,))


#: A section header, not a name: words, then a spaced dash, a colon or a bullet, then more
#: ("Collecte — Haïti", "Jumelage : Bamberg"). Hyphens inside a name ("Bobo-Dioulasso") are not.
_HEADER = re.compile(r"\s[—–-]\s|:|[•·|]|\s[—–-]$|^[—–-]\s")


def _partner_key(name: str) -> str:
    """Case- and accent-insensitive key of a partner name."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@cache
def _rubrics() -> frozenset[str]:
    """Keys of the words that head a rubric or a title, never a partner (resources file)."""
    path = Path(__file__).with_name("resources") / "partner_rubrics.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(_partner_key(w.strip()) for w in lines if w.strip() and w[0] != "#")


def clean_partners(names: Iterable[str | None] | None) -> list[str]:
    """Partner names fit to print: each line of a name taken apart, blanks collapsed and
    trimmed, section headers ("Collecte — Haïti", "Jumelage : Bamberg"), rubric words
    ("Collecte", ``resources/partner_rubrics.txt``) and fragments dropped, duplicates (ignoring
    case and accents) kept once, in order of first appearance.

    Applied where partners are produced (:class:`TagRecord`) and where they are read for output
    (:mod:`storage.readers`, :mod:`measure.run`), so rows stored before it existed read clean.
    """
    seen: set[str] = set()
    clean: list[str] = []
    for raw in names or ():
        for line in (raw or "").splitlines():
            name = " ".join(line.split()).strip(" .,;«»\"'’")
            key = _partner_key(name)
            if sum(c.isalpha() for c in name) < 2 or _HEADER.search(name) or key in seen:
                continue
            if key in _rubrics():
                continue
            seen.add(key)
            clean.append(name)
    return clean


def _frame_pairs(
    frames: Mapping[str, float] | Iterable[tuple[str, float]],
) -> tuple[tuple[str, float], ...]:
    """``(frame, share)`` pairs in :data:`FRAMES` order (frames absent from a given mapping
    get 0.0); empty stays empty. Kept as pairs so the record stays hashable."""
    given = dict(frames.items() if isinstance(frames, Mapping) else frames)
    if not given:
        return ()
    unknown = set(given) - set(FRAMES)
    if unknown:
        raise ValueError(f"unknown frames: {sorted(unknown)}")
    return tuple((f, float(given.get(f, 0.0))) for f in FRAMES)


@dataclass(frozen=True)
class TagRecord:
    """The tagger's answer for one text (design.md, tag-text contract).

    Sequences are stored as tuples and ``object_scores`` always holds the eight object ids;
    lists, dicts and actor JSON items given to the constructor are converted.
    """

    is_aict: bool
    score: float
    objects: tuple[str, ...]
    object_scores: Mapping[str, float]
    actors: tuple[Actor, ...]
    partners: tuple[str, ...]
    partner_countries: tuple[str, ...]
    reason: str | None = None
    #: Frame distribution of an AICT item, ``(frame, share)`` pairs in :data:`FRAMES` order
    #: summing to 1; empty for other texts and for records made before framing.
    frames: tuple[tuple[str, float], ...] = ()

    def __post_init__(self) -> None:
        unknown = set(self.objects) - set(OBJECT_IDS)
        if unknown:
            raise ValueError(f"unknown object ids: {sorted(unknown)}")
        set_ = object.__setattr__
        set_(self, "is_aict", bool(self.is_aict))
        set_(self, "score", float(self.score))
        set_(self, "objects", tuple(self.objects))
        if not isinstance(self.object_scores, ObjectScores):
            set_(self, "object_scores", ObjectScores(self.object_scores))
        set_(
            self,
            "actors",
            tuple(a if isinstance(a, Actor) else Actor.from_json(a) for a in self.actors),
        )
        set_(self, "partners", tuple(clean_partners(self.partners)))
        set_(self, "partner_countries", tuple(self.partner_countries))
        set_(self, "frames", _frame_pairs(self.frames))

    @classmethod
    def empty(cls, reason: str | None = None) -> TagRecord:
        """The record of a text that is not AICT (skipped, with a ``reason``, or negative)."""
        return cls(False, 0.0, (), ObjectScores(), (), (), (), reason)

    @property
    def french_actors(self) -> tuple[Actor, ...]:
        """Actors that are French collectivités or bodies they steer."""
        return tuple(a for a in self.actors if a.is_french)

    def to_json(self) -> dict[str, Any]:
        """The tag-text contract object (without ``id``); ``reason`` and ``frames`` (AICT items)
        only when set."""
        out: dict[str, Any] = {
            "is_aict": self.is_aict,
            "score": self.score,
            "objects": list(self.objects),
            "object_scores": dict(self.object_scores),
            "actors": [a.to_json() for a in self.actors],
            "partners": list(self.partners),
            "partner_countries": list(self.partner_countries),
        }
        if self.reason:
            out["reason"] = self.reason
        if self.frames:
            out["frames"] = dict(self.frames)
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> TagRecord:
        """A record from a tag-text object (``id`` and unknown keys are ignored)."""
        return cls(
            is_aict=bool(data["is_aict"]),
            score=float(data.get("score", 0.0)),
            objects=tuple(data.get("objects") or ()),
            object_scores=ObjectScores(data.get("object_scores") or {}),
            actors=tuple(Actor.from_json(a) for a in data.get("actors") or ()),
            partners=tuple(data.get("partners") or ()),
            partner_countries=tuple(data.get("partner_countries") or ()),
            reason=data.get("reason") or None,
            frames=data.get("frames") or (),
        )

    # Read access by contract key, for code written against the tag-text dicts (``record["is_aict"]``,
    # ``record.get("actors")``): the value is the JSON one, lists and dicts included.

    def __getitem__(self, key: str) -> Any:
        if key not in CONTRACT_KEYS:
            raise KeyError(key)
        return self.to_json()[key]

    def get(self, key: str, default: Any = None) -> Any:
        try:
            return self[key]
        except KeyError:
            return default

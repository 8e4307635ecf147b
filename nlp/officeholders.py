"""Officeholders: the people a text names in apposition to an office and an actor.

Press and council texts name people more often than institutions: "le maire, Patrick Durand,
a signé…", "Heinrich Brandes, Bürgermeister de Verden", "la vice-présidente de la Région chargée
de l'Europe, Anne Morel". Such a person acts for the actor next to the office: the mayor for the
commune, the Bürgermeister for the foreign town, the ambassador for the State. This module finds
them among the typed actors of :mod:`nlp.actors` (pure functions over the text and those
mentions): the person takes the actor's type, code and role, and is flagged ``person`` so that
counts by council (the digest, the action register) keep reading the councils themselves.

The office words are data (``resources/offices.yaml``). A name is a person's when it is two to
four capitalised words not already an actor and the office and the actor are in the same
sentence, on the side the apposition says: before it and closed by a comma ("le maire,
Patrick Durand") or right before it ("le maire Patrick Durand"), or after it ("Patrick Durand,
maire de Vitré").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import cache

import yaml

from nlp.actors import ActorMention
from nlp.gazetteer import RESOURCES
from nlp.text import alternation, fold

_UPPER = "A-ZÀ-ÝĄĆČĘŁŃŚŠŹŻŽ"
_LOWER = "a-zà-ÿąćčęłńśšźżžñ"
#: A first name then one to three capitalised words, with the particles of names.
_PERSON = re.compile(
    rf"(?<![\w'’-])[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}][{_LOWER}]+)?"
    rf"(?:\s+(?:(?:de|du|des|van|von|der|den|ben|bin|el|di|da|dos|del|della|le|la) |d['’]|al-)?"
    rf"[{_UPPER}][\w'’-]+){{1,3}}"
)
#: The end of a sentence or clause ("M." and "Mme." are not one).
_END = re.compile(r"(?<!\bM)(?<!\bMme)(?<!\bDr)[.!?;:«»]|\n")
#: How far the office's sentence is read on each side of the person (characters).
_REACH = 160
#: The most words between the actor and the comma before the person ("de la Région chargée de
#: l'Europe, Anne Morel").
_GAP = 80


@cache
def _tables() -> tuple[re.Pattern[str], frozenset[str]]:
    data = yaml.safe_load((RESOURCES / "offices.yaml").read_text(encoding="utf-8"))
    offices = re.compile(r"(?<![\w-])(?:" + alternation(data["offices"]) + r")(?![\w-])")
    return offices, frozenset(data["not_first_names"])


def officeholders(text: str, actors: Sequence[ActorMention]) -> list[ActorMention]:
    """The people of ``text`` holding an office of one of ``actors`` (mentions with offsets in
    ``text``), each typed, coded and given the role of that actor, in order of appearance."""
    offices, not_names = _tables()
    found: list[ActorMention] = []
    for match in _PERSON.finditer(text):
        start, end = match.span()
        if fold(match.group(0).split()[0]).strip() in not_names:
            continue
        if any(a.start < end and start < a.end for a in actors):
            continue
        actor = _office_before(text, start, actors, offices) or _office_after(
            text, end, actors, offices
        )
        if actor is not None:
            found.append(
                replace(actor, name=match.group(0), start=start, end=end, bare=False, person=True)
            )
    return found


def distinct_people(people: Sequence[ActorMention]) -> list[ActorMention]:
    """Each person once (the first mention), whatever the number of times they are named."""
    seen: set[str] = set()
    out = []
    for person in people:
        if fold(person.name) not in seen:
            seen.add(fold(person.name))
            out.append(person)
    return out


def _office_before(
    text: str, start: int, actors: Sequence[ActorMention], offices: re.Pattern[str]
) -> ActorMention | None:
    """ "le maire, Patrick Durand", "le président de la Région chargé de l'Europe, Anne Morel",
    "le maire Patrick Durand": the last actor of the sentence before the person."""
    begin = max(0, start - _REACH)
    begin = max((m.end() for m in _END.finditer(text, begin, start)), default=begin)
    if not offices.search(fold(text[begin:start])):
        return None
    before = [a for a in actors if a.start >= begin and a.end <= start]
    if not before:
        return None
    gap = text[before[-1].end : start]
    if not gap.strip() or (gap.rstrip().endswith(",") and len(gap) <= _GAP):
        return before[-1]
    return None


_COMMA = re.compile(r",\s+")


def _office_after(
    text: str, end: int, actors: Sequence[ActorMention], offices: re.Pattern[str]
) -> ActorMention | None:
    """ "Heinrich Brandes, Bürgermeister de Verden": an office right after the person's comma,
    and the first actor of the same clause."""
    comma = _COMMA.match(text, end)
    if comma is None:
        return None
    stop = min((m.start() for m in _END.finditer(text, end, end + _REACH)), default=end + _REACH)
    office = offices.search(fold(text[comma.end() : stop]))
    if office is None or office.start() > 12:  # "maire de…", "l'adjointe…", "élu de…"
        return None
    after = [a for a in actors if a.start >= comma.end() and a.end <= stop]
    if after and after[0].start - comma.end() <= _GAP:
        return after[0]
    return None

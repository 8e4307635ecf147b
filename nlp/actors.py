"""Actors of a text, typed and given a role: who does the cross-border act?

``is_aict`` needs a French local authority (or a body it steers) as an *agent* of the act;
the State, a foreign town acting alone, an NGO, a parish, a hospital or a chamber of commerce
doing the same thing is a look-alike (taxonomy.md §1). This module finds the actor mentions
of a text and types them:

- French collectivités named with a cue come from :class:`nlp.gazetteer.CollectiviteIndex`
  (typed code); cue words of ``resources/actor_types.yaml`` find the others ("la commune",
  "le préfet", "la paroisse Saint-Martin", "le bourgmestre de Malmedy", "l'ambassade du Maroc").
- A cue followed by a place is re-typed by the place: "maire de Tiznit" is a foreign local
  authority, "maire de Vitré" a collectivité; "ambassade de France" is the State, "ambassade du
  Maroc" a foreign state; a cue followed by a demonym ("le maire allemand") is foreign.
- Roles: an actor is ``mentioned`` outside the international paragraphs; inside them, the
  dependency parse of its sentence (when a parser is given) says whether it is the subject, the
  agent of a passive, or the owner of an aid, a grant or a delegation (``agent``); foreign
  authorities are the ``partner`` of a French agent, or agents themselves when none acts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cache

import yaml

from nlp.focus import Span, sentences
from nlp.gazetteer import RESOURCES, Mention, collectivite_index, country_index, fold_with_offsets
from nlp.text import fold

FRENCH_TYPES = frozenset({"collectivite", "steered_body"})
FOREIGN_TYPES = frozenset({"foreign_local_authority", "foreign_state"})
LOOKALIKE_TYPES = (
    "french_state",
    "foreign_state",
    "foreign_local_authority",
    "ngo",
    "religious",
    "health_or_university",
    "company",
    "consular_chamber",
)
ACTOR_TYPES = ("collectivite", "steered_body", *LOOKALIKE_TYPES, "unknown")
ROLES = ("agent", "partner", "mentioned")

#: Cues that name an office or institution *of* a place: they need a place after them.
_NEEDS_PLACE = re.compile(
    r"(?:\bde|\bdu|\bd'|\bdes)$"
)
#: Nouns whose owner is the one acting: "la subvention de la Ville", "une délégation de la Région".
_AGENTIVE_HEADS = frozenset(
    fold(w)
    for w in (
        "aide aides subvention subventions soutien don dons enveloppe contribution participation "
        "financement budget vote décision initiative engagement délégation délégations mission "
        "missions convention partenariat coopération accord action actions programme projet "
        "président présidente maire élus élu élue représentants représentant représentante "
        "vice-président vice-présidente adjoint adjointe équipe services service stand pavillon "
        "invitation accueil collecte fonds geste solidarité appel"
    ).split()
)
_SUBJECT_DEPS = frozenset({"nsubj", "obl:agent", "csubj"})
_COMPLEMENT = re.compile(r"\s*(?:de la |de l'|du |des |de |d'|d’)?")
_CAPITALISED = re.compile(
    r"[A-ZÀ-Ý][\w'’-]*(?:[ -](?:[A-ZÀ-Ý][\w'’-]*|sur|sous|en|de|du|des|la|le|les|l'|d'|am|an|im|di|del|de la)){0,4}"
)
_NEXT_WORD = re.compile(r"\s*([\w'-]+)")
_STEERED_PREFIXES = ("comite de jumelage", "comite des jumelages", "association de jumelage")


@dataclass(frozen=True)
class ActorMention:
    """One actor named in a text: display name, typed code (collectivités), type, role, offsets."""

    name: str
    code: str | None
    type: str
    start: int
    end: int
    role: str = "mentioned"


@dataclass(frozen=True)
class _Cues:
    types: dict[str, str]
    pattern: re.Pattern[str]


@cache
def cues() -> _Cues:
    """The cue table of ``actor_types.yaml`` (folded cue → type) and one regex over it."""
    data = yaml.safe_load((RESOURCES / "actor_types.yaml").read_text(encoding="utf-8"))
    types: dict[str, str] = {}
    for kind, words in data.items():
        for word in words:
            types.setdefault(fold(word).strip(), kind)
    ordered = sorted(types, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(c) for c in ordered) + r")(?![\w-])")
    return _Cues(types, pattern)


def _place_after(text: str, at: int) -> tuple[str, int] | None:
    """A capitalised name right after ``at`` (after an optional "de/du/des"), with its end."""
    complement = _COMPLEMENT.match(text, at)
    begin = complement.end() if complement else at
    name = _CAPITALISED.match(text, begin)
    if not name:
        return None
    words = name.group(0).rstrip(" -'’")
    return words, begin + len(words)


def _classify_place(name: str) -> str | None:
    """``french``, ``france``, ``foreign`` or None (unknown) for a place name."""
    key = fold(name).strip()
    index = collectivite_index()
    countries = country_index()
    if key in ("france", "la france"):
        return "france"
    first = key.split(" ")[0]
    if key in countries.by_alias or first in countries.by_alias:
        return "foreign"
    if key in index.communes or key in index.departements or key in index.regions:
        return "french"
    if key in index.councils:
        return "french"
    from nlp.places import world_places

    if key in world_places().by_name:
        return "foreign"
    return None


def _demonym_after(text: str, at: int) -> bool:
    word = _NEXT_WORD.match(fold(text[at : at + 40]))
    return bool(word) and word.group(1) in country_index().demonyms


def _retype(kind: str, cue: str, text: str, end: int) -> tuple[str, int] | None:
    """The type of a cue match given what follows it, and the mention's end; None to drop it."""
    place = _place_after(text, end)
    where = _classify_place(place[0]) if place else None
    needs_place = bool(_NEEDS_PLACE.search(cue))
    if kind == "foreign_state":
        if where == "france":
            return "french_state", place[1]  # type: ignore[index]
        if where == "foreign" or _demonym_after(text, end):
            return "foreign_state", place[1] if place else end
        return None
    if kind == "foreign_local_authority" and needs_place:
        if place is None:
            return None
        if where == "french":
            return "collectivite", place[1]
        return "foreign_local_authority", place[1]
    if _demonym_after(text, end) and kind in ("collectivite", "french_state"):
        return ("foreign_local_authority" if kind == "collectivite" else "foreign_state"), end
    if (
        kind == "collectivite"
        and place
        and where in ("foreign", None)
        and cue.endswith(("maire", "ville", "commune", "mairie", "municipalite"))
    ):
        # The commune table is complete: "le maire de <not a French commune>" is foreign.
        return "foreign_local_authority", place[1]
    if place and where != "french" and kind == "foreign_local_authority":
        return kind, place[1]
    if place and kind in ("ngo", "religious", "health_or_university", "company", "consular_chamber",
                          "steered_body"):
        return kind, place[1]
    return kind, end


def find_actors(text: str) -> list[ActorMention]:
    """Every actor mention of ``text`` (typed, role ``mentioned``), in order of appearance."""
    found: list[ActorMention] = []
    for m in collectivite_index().find(text):
        said = fold(text[m.start : m.end])
        if said.startswith(_STEERED_PREFIXES):  # "comité de jumelage de Vitré" → Vitré's code
            found.append(ActorMention(text[m.start : m.end], m.code, "steered_body", m.start, m.end))
        else:
            found.append(ActorMention(m.name, m.code, "collectivite", m.start, m.end))
    taken = [(m.start, m.end) for m in found]
    folded, offsets = fold_with_offsets(text)
    table = cues()
    for match in table.pattern.finditer(folded):
        cue = match.group(1)
        start, stop = offsets[match.start()], offsets[match.end() - 1] + 1
        if any(s <= start < e or s < stop <= e for s, e in taken):
            continue
        typed = _retype(table.types[cue], cue, text, stop)
        if typed is None:
            continue
        kind, end = typed
        found.append(ActorMention(text[start:end].strip(), None, kind, start, end))
        taken.append((start, end))
    return sorted(found, key=lambda m: m.start)


#: A parser over sentences: returns, per sentence, a function mapping a character span of that
#: sentence to the mention's syntactic role ("agent" or "mentioned").
Parse = Callable[[list[str]], list[Callable[[int, int], str]]]


def assign_roles(
    text: str,
    mentions: Sequence[ActorMention],
    international: Sequence[Span],
    parse: Parse | None = None,
) -> list[ActorMention]:
    """Mentions with roles (see the module docstring)."""

    def inside(m: ActorMention) -> Span | None:
        return next((p for p in international if p.start <= m.start < p.end), None)

    roles: dict[int, str] = {}
    to_parse: list[tuple[Span, list[int]]] = []
    for i, mention in enumerate(mentions):
        paragraph = inside(mention)
        if paragraph is None:
            roles[i] = "mentioned"
        elif mention.type in FOREIGN_TYPES:
            roles[i] = "partner"
        elif parse is None:
            roles[i] = "agent"
        else:
            sentence = next(
                (s for s in sentences(text, paragraph) if s.start <= mention.start < s.end),
                paragraph,
            )
            for span, members in to_parse:
                if span == sentence:
                    members.append(i)
                    break
            else:
                to_parse.append((sentence, [i]))
    if to_parse and parse is not None:
        readers = parse([text[s.start : s.end] for s, _ in to_parse])
        for (sentence, members), read in zip(to_parse, readers, strict=True):
            for i in members:
                m = mentions[i]
                roles[i] = read(m.start - sentence.start, m.end - sentence.start)
    typed = [replace(m, role=roles[i]) for i, m in enumerate(mentions)]
    french_agent = any(m.role == "agent" and m.type in FRENCH_TYPES for m in typed)
    if not french_agent:
        # Nobody French acts: the foreign authority is the one acting (a look-alike).
        typed = [
            replace(m, role="agent") if m.role == "partner" else m for m in typed
        ]
    return typed


def syntactic_role(token_span) -> str:  # type: ignore[no-untyped-def]
    """``agent`` when a spaCy span is a subject, a passive agent or the owner of an aid/mission."""
    root = token_span.root
    seen = 0
    while seen < 4:
        dep = root.dep_
        if dep in _SUBJECT_DEPS or dep == "ROOT":
            return "mentioned" if _presence_verb(root.head) else "agent"
        if any(fold(child.text) == "avec" for child in root.children if child.dep_ == "case"):
            return "agent"  # a co-actor ("avec la Région"); foreign partners never get here
        if dep in ("nmod", "amod") and fold(root.head.text) in _AGENTIVE_HEADS:
            return "agent"
        if dep in ("conj", "appos", "flat:name", "nmod"):
            root = root.head
            seen += 1
            continue
        return "mentioned"
    return "mentioned"


#: Verbs of presence: the subject of "faisait partie de la délégation", "assistait à la
#: signature", "était présente" is there, not acting.
_PRESENCE = re.compile(r"^(assist|figur|entour|present|convi)")


def _presence_verb(verb) -> bool:  # type: ignore[no-untyped-def]
    word = fold(verb.text)
    if _PRESENCE.match(word):
        return True
    following = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    return word in ("faisait", "fait", "faisaient", "font") and following is not None and (
        fold(following.text) == "partie"
    )


def spacy_parser(nlp) -> Parse:  # type: ignore[no-untyped-def]
    """A :data:`Parse` over a spaCy pipeline with a dependency parser."""

    def parse(texts: list[str]) -> list[Callable[[int, int], str]]:
        readers = []
        for doc in nlp.pipe(texts):

            def read(start: int, end: int, doc=doc) -> str:  # type: ignore[no-untyped-def]
                span = doc.char_span(start, end, alignment_mode="expand")
                return syntactic_role(span) if span is not None and len(span) else "mentioned"

            readers.append(read)
        return readers

    return parse


def country_mentions_as_places(mentions: Sequence[Mention]) -> list[int]:
    """Offsets of country mentions (international cues for :func:`nlp.focus.cue_paragraphs`)."""
    return [m.start for m in mentions]

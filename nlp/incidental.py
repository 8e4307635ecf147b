"""Countries a local story names as the origin of people or things at a home event.

A council-meeting report funds a jazz festival "qui accueillera des musiciens américains, cubains
et sénégalais"; a camping-car area is "très demandée par les touristes néerlandais"; a fair has
"des exposants venus de Belgique et d'Allemagne"; it funds "l'association des Portugais de
Guéret" for its Saint-Jean. Those countries are merely mentioned (taxonomy.md §1): nothing the
council does involves them, and as key-sentence cues they made ordinary council news look
international. A mention is such an origin when a demonym follows one
of the nouns of ``resources/incidental_origins.yaml`` ("touristes néerlandais"), or a place
follows such a noun and a verb of coming from ("exposants venus de Belgique"), or a portrait's
birthplace or school ("née à Kharkiv, formée au conservatoire de Kyiv"); the next mentions
of a list ("américains, cubains et sénégalais", "de Belgique et d'Allemagne") share the first's
reading. A foreign name followed by a French adjective ("la Venise normande", "la Suisse
normande") or after "petite" ("la petite Venise") is a French place's nickname, and a place
after "via" or after a ferry, a flight or a line and "vers" is a stop on a route.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

import yaml

from nlp.gazetteer import RESOURCES, Mention
from nlp.text import fold

#: Characters before a mention read to find its noun.
_WINDOW = 60
#: What may stand between two mentions of one list: a comma, "et", "ou", a preposition.
_LIST_GAP = re.compile(r"^\s*(?:,|\bet\b|\bou\b)\s*(?:(?:de|d'|du|des|en|la|le|les|l')\s*)*$")


@cache
def _data() -> dict[str, list[str]]:
    """``resources/incidental_origins.yaml``: its lists of folded regular-expression parts."""
    data: dict[str, list[str]] = yaml.safe_load(
        (RESOURCES / "incidental_origins.yaml").read_text(encoding="utf-8")
    )
    return data


@cache
def _before() -> re.Pattern[str]:
    """The end of the text before an origin mention (folded)."""
    data = _data()
    nouns, origin = "|".join(data["nouns"]), "|".join(data["origin"])
    biography = "|".join(data["biography"])
    # "touristes néerlandais", "un groupe irlandais"; "exposants venus de", "des musiciens
    # de jazz arrivés d'Écosse" (two words at most between the noun and the verb).
    return re.compile(
        rf"\b(?:{nouns})(?:\s+(?:{origin})(?:\s+[\w'-]+)?\s+(?:de|d'|du|des)\s*"
        rf"|(?:\s+[\w'-]+){{0,2}}\s+(?:{origin})\s+(?:de|d'|du|des)\s*"
        rf"|\s+)$"
        # "née à Kharkiv", "formée au conservatoire de Kyiv" (up to three words between);
        # "fabriquée par un sous-traitant en Espagne"
        rf"|(?P<bio>\b(?:{biography})(?:\s+[\w'-]+){{0,3}}?\s*(?:\s(?:de|d'|du|des)\s*)?)$"
    )


def _is_origin(full: str, mention: Mention) -> bool:
    window = fold(full[max(0, mention.start - _WINDOW) : mention.start])
    match = _before().search(window)
    # A bare noun before a country's name ("des vins Chili") is no origin; a demonym or a
    # place after "venus de" is.
    if match is None:
        return False
    if match.group("bio"):
        return not mention.demonym
    return mention.demonym or match.group(0).rstrip().endswith(("de", "d'", "du", "des"))


@cache
def _nickname() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(the words after a foreign name that make it a French place's nickname, the word
    before), folded: "la Venise normande", "la petite Venise"."""
    data = _data()
    after = re.compile(rf"\s+(?:{'|'.join(data['nickname_after'])})\b")
    before = re.compile(rf"\b(?:{'|'.join(data['nickname_before'])})\s+$")
    return after, before


@cache
def _route() -> re.Pattern[str]:
    """The end of the text before a stop on a route (folded): "via", or a transport noun and
    "vers" / "pour" / "à destination de" in the same clause."""
    data = _data()
    transit, transport = "|".join(data["transit"]), "|".join(data["transport"])
    return re.compile(
        rf"\b(?:{transit})\s+$"
        rf"|\b(?:{transport})\b[^.;:!?]{{0,40}}\b(?:vers|pour|a destination d\S*)\s[^.;:!?]*$"
    )


def _on_a_route(full: str, mention: Mention) -> bool:
    return _route().search(fold(full[max(0, mention.start - _WINDOW) : mention.start])) is not None


def _is_nickname(full: str, mention: Mention) -> bool:
    after, before = _nickname()
    return bool(
        after.match(fold(full[mention.end : mention.end + 20]))
        or before.search(fold(full[max(0, mention.start - 12) : mention.start]))
    )


#: Words of a war, folded: the sentence around an aggressor's name holds one.
_WAR = re.compile(
    r"\b(?:guerre|agression|invasion|offensive|attaque|coup de force|bombard\w*|envahi\w*|"
    r"conflit|frappes|militaire|armee|troupes)\b"
)
#: Before a demonym, what makes it the aggressor's: "l'invasion russe", "les frappes russes".
_AGGRESSOR_NOUN = re.compile(
    r"\b(?:invasion|agression|offensive|attaques?|armee|troupes|soldats|forces|frappes|"
    r"bombardements|missiles|drones|occupation|occupant|agresseur|chars|colons|blocus)\s+$"
)
#: After a country, what turns its war against another: "… par la Russie contre l'Ukraine",
#: "la Russie a déclenché son agression contre l'Ukraine", "le coup de force de la Russie sur".
_AGAINST = re.compile(r"^[^.;:!?]{0,40}?\b(?:contre|sur)\s+(?:l'|la |le |les )?$")


def _is_aggressor(full: str, mentions: Sequence[Mention], i: int) -> bool:
    """A country waging the war an aid answers: a demonym after a noun of war ("l'invasion
    russe", "les bombardements israéliens"), or a country followed, in a sentence of war, by
    "contre" or "sur" and another country ("lancé par la Russie contre l'Ukraine"). The victim
    stays a partner; the aggressor is merely mentioned."""
    mention = mentions[i]
    window = fold(full[max(0, mention.start - _WINDOW) : mention.end + _WINDOW])
    if not _WAR.search(window):
        return False
    before = fold(full[max(0, mention.start - 20) : mention.start])
    if mention.demonym and _AGGRESSOR_NOUN.search(before):
        return True
    return any(
        other.code != mention.code
        and 0 < other.start - mention.end <= 50
        and _AGAINST.match(fold(full[mention.end : other.start]))
        for other in mentions[i + 1 : i + 4]
    )


def incidental(full: str, mentions: Sequence[Mention]) -> frozenset[int]:
    """Indices into ``mentions`` (sorted by offset, in ``full``) of the origins of people or
    things at a home event, of foreign names that are a French place's nickname, of stops
    on a route and of the aggressor in a war."""
    found: set[int] = set()
    for i, mention in enumerate(mentions):
        if (
            _is_origin(full, mention)
            or _is_nickname(full, mention)
            or _on_a_route(full, mention)
            or _is_aggressor(full, mentions, i)
        ):
            found.add(i)
        elif i - 1 in found and _LIST_GAP.match(fold(full[mentions[i - 1].end : mention.start])):
            found.add(i)
    return frozenset(found)

"""Statements that the French side takes no part in what a text tells.

A foreign town canvassing investors in Rennes, a Belgian commune's cycle path at the border, a
parish's twinning: the press often says outright that the French councils stand aside — "La
Région Bretagne n'était pas associée à l'opération", "aucun élu français n'y a pris part",
"nous n'avons pas de partenaire français". Such a text tells no action of a French local
authority, however many French towns it names as places (taxonomy.md §1, "acting without the
local authority"). The words are data (``resources/disclaimers.yaml``); this module finds the
statements whose subject is French: a French council named just before the negated verb, or
"aucun élu / aucune collectivité" with no foreign demonym.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

import yaml

from nlp.actors import FRENCH_TYPES, ActorMention
from nlp.focus import paragraphs, sentences
from nlp.gazetteer import RESOURCES, Mention
from nlp.text import alternation, fold

#: A negated verb of being or having: "n'était pas", "n'a pas été", "n'y est", and the
#: reported "(dit) n'avoir pas été consultée", "n'être pas associée".
_NEGATED = r"\bn'(?:y\s+)?(?:est|etait|a|avait|ont|etaient|sont|avaient|sera|seront|avoir|etre)\s+"


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """(a French subject's negated part, "aucun élu … n'y a pris part", whole phrases, an
    interview's "La Ville est-elle associée ? – Non")."""
    data = yaml.safe_load((RESOURCES / "disclaimers.yaml").read_text(encoding="utf-8"))
    part = rf"(?:ete\s+)?(?:{alternation(data['part'])})\b"
    who = alternation(data["nobody"])
    # "n'était pas associée", "n'est « ni partenaire ni financeur »"
    negated = re.compile(rf"{_NEGATED}[«\"“\s]*(?:pas|jamais|nullement|aucunement|ni)\s+{part}")
    nobody = re.compile(
        rf"\baucune?s?\s+(?:{who})\b[^,]{{0,60}}?(?:{_NEGATED}{part}|\bne\s+(?:figur|particip|sieg)\w*)"
    )
    phrases = re.compile(rf"\b(?:{alternation(data['phrases'])})\b")
    # "Les collectivités sont-elles associées ? « Non, …"
    asked = re.compile(
        rf"\b(?:les?|la|l')\s*(?:{who})s?\s+(?:est|sont|etait|etaient|a|ont)-(?:t-)?"
        rf"(?:elle|il|elles|ils)\s+{part}\s*\?[\s«\"–-]*non\b"
    )
    return negated, nobody, phrases, asked


def french_side_disclaims(
    full: str, actors: Sequence[ActorMention], countries: Sequence[Mention]
) -> bool:
    """Whether a sentence of ``full`` says that the French side takes no part: the negated
    part ("n'était pas associée") of a French council named just before it, "aucun élu …
    n'y a pris part" without a foreign demonym, a phrase of its own ("pas de partenaire
    français"), or an interview's question answered no ("Les collectivités sont-elles
    associées ? « Non, c'est un accord entre hôpitaux »"). ``actors`` and ``countries`` are the
    analysis's mentions in ``full``."""
    negated, nobody, phrases, asked = _patterns()
    if asked.search(fold(full)):
        return True
    # The key-sentence splitter's sentences, each folded on its own (folding may change a
    # string's length, so offsets stay those of ``full``).
    for sentence in (s for p in paragraphs(full) for s in sentences(full, p)):
        folded = fold(full[sentence.start : sentence.end])
        if "n'" not in folded and " ne " not in folded and "francais" not in folded:
            continue
        if phrases.search(folded):
            return True
        inside = [a for a in actors if sentence.start <= a.start < sentence.end]
        if any(_french_subject(folded[: m.start()], inside) for m in negated.finditer(folded)):
            return True
        demonyms = {
            fold(c.name)
            for c in countries
            if c.demonym and sentence.start <= c.start < sentence.end
        }
        if any(not any(d in m.group() for d in demonyms) for m in nobody.finditer(folded)):
            return True
    return False


def _french_subject(before: str, actors: Sequence[ActorMention]) -> bool:
    """Whether the actor named last in ``before`` (a folded sentence up to a negated verb) is
    a French council: "La Région Bretagne n'était pas associée", not "la commune belge"."""
    last = max(
        ((before.rfind(fold(a.name)), a.type in FRENCH_TYPES) for a in actors),
        default=(-1, False),
    )
    return last[0] >= 0 and last[1]

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
from dataclasses import dataclass
from functools import cache
from typing import Any

import yaml

from nlp.actors import FRENCH_TYPES, ActorMention
from nlp.focus import paragraphs, sentences
from nlp.gazetteer import RESOURCES, Mention
from nlp.text import alternation, fold

#: A negated verb of being or having: "n'était pas", "n'a pas été", "n'y est", and the
#: reported "(dit) n'avoir pas été consultée", "n'être pas associée".
_NEGATED = r"\bn'(?:y\s+)?(?:est|etait|a|avait|ont|etaient|sont|avaient|sera|seront|avoir|etre)\s+"


#: Council words that can stand as the subject of a negated part when the analysis names no
#: actor before it ("Arve Agglo n'a pas été sollicitée"): a short name the reference data does
#: not hold.
_COUNCIL_WORD = re.compile(
    r"\b(?:agglomeration|agglo|metropole|commune|ville|mairie|municipalite|departement|region"
    r"|intercommunalite|communaute de communes|communaute d'agglomeration)\b"
)


#: The end of what puts a name in a complement ("présent à la visite de la cathédrale"): a
#: look-alike named there is no subject of the negated verb (a French council's name often
#: follows "de": "le maire de Chartres").
_COMPLEMENT_END = re.compile(
    r"\b(?:a|au|aux|de|du|des|d'|dans|sur|pour|par|avec|chez|en|vers)\s*(?:la\s+|le\s+|les\s+|l')?$"
)

#: Words one of which a sentence holds when it may say so (a quick test before the patterns).
_QUICK = ("n'", " ne ", "sans ", "francais", "seulement", "simplement", "uniquement", "contente")

#: "nous" as the subject just before the statement, at the start of a quote.
_WE = re.compile(r"(?:^|[«\"“]\s*)nous\s*$")


@dataclass(frozen=True)
class _Patterns:
    """The compiled statements: ``subject`` ones count only when a French council is named
    before their ``neg`` group (or before the match); the others stand on their own."""

    subject: tuple[re.Pattern[str], ...]
    nobody: re.Pattern[str]
    phrases: re.Pattern[str]
    asked: re.Pattern[str]


@cache
def _patterns() -> _Patterns:
    """The statements, from ``resources/disclaimers.yaml``."""
    data = yaml.safe_load((RESOURCES / "disclaimers.yaml").read_text(encoding="utf-8"))
    part = rf"(?:ete\s+)?(?:{alternation(data['part'])})\b"
    who = alternation(data["nobody"])
    subject = _subject_patterns(data, part)
    nobody = re.compile(
        rf"\baucune?s?\s+(?:{who})\b[^,]{{0,60}}?(?:{_NEGATED}{part}|\bne\s+(?:figur|particip|sieg)\w*)"
    )
    phrases = re.compile(
        rf"\b(?:{alternation(data['phrases'])})\b"
        # "(nous ne recevons) aucune subvention de la Ville ni du Département"
        rf"|\b(?:aucune?|pas de|sans)\s+(?:{alternation(data['acts'])})\s+(?:de la|du|de l')\s*"
        rf"(?:ville|commune|mairie|municipalite|departement|region|metropole|agglomeration)\b"
    )
    # "Les collectivités sont-elles associées ? « Non, …"
    asked = re.compile(
        rf"\b(?:les?|la|l')\s*(?:{who})s?\s+(?:est|sont|etait|etaient|a|ont)-(?:t-)?"
        rf"(?:elle|il|elles|ils)\s+{part}\s*\?[\s«\"–-]*non\b"
    )
    return _Patterns(subject, nobody, phrases, asked)


def _subject_patterns(data: dict[str, Any], part: str) -> tuple[re.Pattern[str], ...]:
    """The statements that count only with a French council named before them: a negated part,
    an infinitive, "sans", a verb negated in its own tense, then the acts not done, "ni … ni"
    and the relay's part (:func:`_act_patterns`)."""
    not_only = r"(?!\s+(?:seul\w*|qu\w*|directement|uniquement)\b)"
    return (
        # "n'était pas associée", "n'est « ni partenaire ni financeur »"
        re.compile(rf"{_NEGATED}[«\"“\s]*(?:pas|jamais|nullement|aucunement|ni)\s+{part}"),
        # "indique ne pas avoir été associée", "sans prendre part à la convention"
        re.compile(rf"\bne\s+pas\s+(?:y\s+)?(?:avoir\s+|etre\s+){part}"),
        re.compile(rf"\bsans\s+(?:y\s+)?(?:prendre\s+part|participer|etre\s+{part})"),
        # "n'intervient pas dans cette opération", "ne siège pas au comité"
        re.compile(
            rf"(?:\bn'|\bne\s+)(?:y\s+)?(?:{alternation(data['verbs'])})\s+"
            rf"(?:pas|nullement|aucunement|jamais|en\s+rien)\b{not_only}"
        ),
        *_act_patterns(data, part),
    )


def _act_patterns(data: dict[str, Any], part: str) -> tuple[re.Pattern[str], ...]:
    """An act not done, no link or partnership, "ni … ni", and the part of a relay or a venue
    only ("ne fait que relayer"); each counts only with a French council named before it."""
    done = rf"(?:{alternation(data['done'])})(?:e|es|s)?\s+"
    acts = rf"(?:{alternation(data['acts'])})\b"
    return (
        # "La Ville n'a organisé aucune réception", "précise ne porter aucun partenariat"
        re.compile(
            rf"(?:\bn'|\bne\s+)(?:y\s+)?(?:(?:a|ont|avait|avaient)\s+)?{done}(?:aucune?|ni)\s+{acts}"
        ),
        # "la commune n'a « aucun lien » avec cette mission", "nous n'avons pas de partenariat"
        re.compile(
            rf"\bn'(?:a|ont|avait|avaient|avons|avions)\s+[«\"“\s]*(?:aucune?|pas\s+de|pas\s+d')"
            rf"[«\"“\s]*{acts}"
        ),
        # "n'a pas prévu d'aide", "indique ne pas avoir voté de subvention"
        re.compile(
            rf"(?:\bn'(?:a|ont|avait|avaient)\s+pas|\bne\s+pas\s+avoir)\s+{done}(?:d'|de\s+){acts}"
        ),
        # "Ni la Métropole ni la Ville n'y étaient associées", "… ne participent au programme"
        re.compile(rf"\bni\s+[^.;]{{0,120}}?\bni\s+[^.;]{{0,120}}?(?P<neg>{_NEGATED}){part}"),
        re.compile(
            rf"\bni\s+[^.;]{{0,120}}?\bni\s+[^.;]{{0,120}}?(?P<neg>\bn'|\bne\s+)(?:y\s+)?"
            rf"(?:{alternation(data['verbs'])})\b"
        ),
        # "ne fait que relayer l'information", "s'est contentée de prêter la salle", "avait
        # seulement mis l'esplanade à disposition"
        re.compile(
            r"(?:\bne\s+(?:fait|faisait|font|faisaient)\s+qu(?:e\s+|')|\bs'est\s+contentee?s?\s+d(?:e\s+|')"
            r"|\b(?:a|ont|avait|avaient)\s+(?:seulement|simplement|uniquement)\s+)"
            rf"(?:{alternation(data['only'])})\b"
        ),
    )


def french_side_disclaims(
    full: str, actors: Sequence[ActorMention], countries: Sequence[Mention]
) -> bool:
    """Whether a sentence of ``full`` says that the French side takes no part: the negated
    part ("n'était pas associée") of a French council named just before it, "aucun élu …
    n'y a pris part" without a foreign demonym, a phrase of its own ("pas de partenaire
    français"), or an interview's question answered no ("Les collectivités sont-elles
    associées ? « Non, c'est un accord entre hôpitaux »"). ``actors`` and ``countries`` are the
    analysis's mentions in ``full``."""
    found = _patterns()
    if found.asked.search(fold(full)):
        return True
    # The key-sentence splitter's sentences, each folded on its own (folding may change a
    # string's length, so offsets stay those of ``full``).
    for sentence in (s for p in paragraphs(full) for s in sentences(full, p)):
        folded = fold(full[sentence.start : sentence.end])
        if not any(word in folded for word in _QUICK):
            continue
        if found.phrases.search(folded):
            return True
        inside = [a for a in actors if sentence.start <= a.start < sentence.end]
        named = [c for c in countries if sentence.start <= c.start < sentence.end]
        for pattern in found.subject:
            for m in pattern.finditer(folded):
                before = folded[: m.start("neg") if "neg" in pattern.groupindex else m.start()]
                if _french_subject(before, inside, named) or _we_of_a_council(
                    before, sentence.start + m.end(), inside
                ):
                    return True
        demonyms = {fold(c.name) for c in named if c.demonym}
        if any(not any(d in m.group() for d in demonyms) for m in found.nobody.finditer(folded)):
            return True
    return False


def _we_of_a_council(before: str, after: int, actors: Sequence[ActorMention]) -> bool:
    """Whether "nous" says it in a quote whose speaker, named after it in the sentence, is a
    French council ("« Nous n'avons pas de partenariat avec la Galice », rappelle la Ville")."""
    if not _WE.search(before):
        return False
    speaker = min((a for a in actors if a.start >= after), key=lambda a: a.start, default=None)
    return speaker is not None and speaker.type in FRENCH_TYPES


def _french_subject(
    before: str, actors: Sequence[ActorMention], countries: Sequence[Mention]
) -> bool:
    """Whether the actor named last in ``before`` (a folded sentence up to a negated verb) is
    a French council: "La Région Bretagne n'était pas associée", not "la commune belge". When
    the analysis names no actor there, a council word in the last words before the verb with no
    country named among them ("Arve Agglo n'a pas été sollicitée")."""
    last = max(
        (
            (at, a.type in FRENCH_TYPES)
            for a in actors
            if (at := before.rfind(fold(a.name))) >= 0
            and (a.type in FRENCH_TYPES or not _COMPLEMENT_END.search(before[:at]))
        ),
        default=(-1, False),
    )
    if last[0] >= 0:
        return last[1]
    window = before[-60:]
    return bool(_COUNCIL_WORD.search(window)) and not any(fold(c.name) in window for c in countries)

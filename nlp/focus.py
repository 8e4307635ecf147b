"""Where the international fact sits in a text: paragraphs, sentences and the focus view.

Real articles are long and the AICT fact is often one paragraph of a council-meeting report or
a quote inside a wider story, with menus, bylines and "Lire aussi" lines around it. The tagger
reads the *focus view* of a text: its title and the paragraphs that carry an international cue
(a country or foreign place, an AICT term), so a 1,000-word article and a 60-word brève with
the same fact look alike to the classifier. Pure functions over strings.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from nlp.text import fold

#: Paragraphs longer than this are cut into sentence groups (texts extracted without breaks).
_LONG_PARAGRAPH = 1200
#: Characters of the focus view (the classifier's input is bounded anyway).
FOCUS_CHARS = 6000
#: Paragraphs kept when a text has no international cue at all (its lead).
_LEAD_PARAGRAPHS = 3
_BREAK = re.compile(r"\n\s*\n|\n")
#: Words by which a sentence takes up an international act just told (folded).
_ACT = re.compile(
    r"€|\b(aide|aides|subvention|don|dons|somme|montant|enveloppe|fonds|euros|convention|accord|"
    r"partenariat|jumelage|delegation|mission|projet|collecte|soutien|cooperation|echange|"
    r"echanges|visite|accueil|sinistres|victimes|refugies|stand|salon|sejour|voyage|operation|"
    r"chantier|envoi|convoi|acheminement|"
    # who leads or makes up the delegation just told ("Conduite par Michel Vauzelle,
    # président de la Région, elle comprenait…")
    r"conduite|conduit|menee|emmenee|composee|comprenait|accompagnee|accompagnes)\b"
)
#: A sentence ends at ".", "!", "?", "…" or "»" before a capital; not after an initial or a
#: title's abbreviation ("l'ambassadeur d'Estonie, M. Tamm", "J. Dupont", "MM. Ba et Sow").
_SENTENCE_END = re.compile(
    r"(?<=[.!?…»])(?<!\b[A-ZÀ-Ý]\.)(?<!\bMM\.)(?<!\bDr\.)(?<!\bSt\.)\s+(?=[«\"A-ZÀ-Ý0-9])"
)


@dataclass(frozen=True)
class Span:
    start: int
    end: int


def _split_long(text: str, start: int, end: int) -> list[Span]:
    """Groups of whole sentences of at most about ``_LONG_PARAGRAPH`` characters."""
    spans: list[Span] = []
    chunk_start = start
    for match in _SENTENCE_END.finditer(text, start, end):
        if match.start() - chunk_start >= _LONG_PARAGRAPH:
            spans.append(Span(chunk_start, match.start()))
            chunk_start = match.end()
    spans.append(Span(chunk_start, end))
    return spans


def paragraphs(text: str) -> list[Span]:
    """Non-blank paragraphs (line breaks separate them), long ones cut at sentence ends."""
    spans: list[Span] = []
    start = 0
    for match in [*_BREAK.finditer(text), None]:
        end = match.start() if match else len(text)
        if text[start:end].strip():
            if end - start > _LONG_PARAGRAPH:
                spans.extend(_split_long(text, start, end))
            else:
                spans.append(Span(start, end))
        start = match.end() if match else len(text)
    return spans


def sentences(text: str, span: Span) -> list[Span]:
    """Sentences of one paragraph (a period followed by a capital starts a new one)."""
    out: list[Span] = []
    start = span.start
    for match in _SENTENCE_END.finditer(text, span.start, span.end):
        out.append(Span(start, match.start()))
        start = match.end()
    out.append(Span(start, span.end))
    return [s for s in out if text[s.start : s.end].strip()]


def cue_paragraphs(
    text: str, spans: Sequence[Span], offsets: Sequence[int], is_cue: Callable[[str], bool]
) -> list[int]:
    """Indices of the paragraphs that contain one of ``offsets`` or whose folded text ``is_cue``."""
    chosen: list[int] = []
    for index, span in enumerate(spans):
        if any(span.start <= at < span.end for at in offsets) or is_cue(
            fold(text[span.start : span.end])
        ):
            chosen.append(index)
    return chosen


def key_sentences(
    text: str,
    spans: Sequence[Span],
    chosen: Sequence[int],
    offsets: Sequence[int],
    is_cue: Callable[[str], bool],
) -> list[Span]:
    """Sentences of the chosen paragraphs that carry a cue, the sentence after one when it
    speaks of an act (the act often follows the event: "Un séisme a frappé le Maroc. Le conseil
    a voté 5 000 €."), not of something else ("…vient de voter l'extension de la zone"), the
    sentence before one when it speaks of an act (the vote told first, where the money goes
    after: "…nous avons voté une aide de 4 000 euros. Elle sera fléchée sur… Al Haouz"), and a
    paragraph's opening sentence when the next one carries a cue: a lead names who acts and
    leaves the where to the next sentence ("Le Département a conduit une opération de promotion
    touristique. Trois étapes – Stockholm, Copenhague et Oslo – …")."""
    keep: list[Span] = []
    for index in chosen:
        parts = sentences(text, spans[index])
        flagged = [
            any(s.start <= at < s.end for at in offsets) or is_cue(fold(text[s.start : s.end]))
            for s in parts
        ]
        for i, part in enumerate(parts):
            act = _ACT.search(fold(text[part.start : part.end]))
            follows = i > 0 and flagged[i - 1] and act
            precedes = i + 1 < len(parts) and flagged[i + 1] and act
            leads = i == 0 and len(parts) > 1 and flagged[1]
            if flagged[i] or follows or precedes or leads:
                keep.append(part)
    return keep


def focus_view(text: str, spans: Sequence[Span], chosen: Sequence[int]) -> str:
    """The chosen paragraphs (or the lead when none), joined, bounded to ``FOCUS_CHARS``."""
    keep = list(chosen) or list(range(min(_LEAD_PARAGRAPHS, len(spans))))
    view = "\n\n".join(text[spans[i].start : spans[i].end].strip() for i in keep)
    return view[:FOCUS_CHARS]

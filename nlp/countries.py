"""Which of the countries named in an AICT text are partner countries.

Every country mention (name, place or demonym) is a candidate; a small logistic regression over
features of its mentions — how often, where, whether named or only an adjective, which words
stand around it — decides. It learns, for instance, that "comme en Allemagne" or a lone
"polonaise" in a text about Ukraine are not partners. Trained by ``nlp.training.train`` on the
corpus (train + dev); weights are plain JSON.
"""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import yaml

from nlp.gazetteer import RESOURCES, Mention
from nlp.text import fold

if TYPE_CHECKING:
    from nlp.actors import ActorMention

_PARTNER_CUE = re.compile(
    r"(ville|villes|commune|communes|region|province|district|partenaire|partenaires|homologue|"
    r"homologues|delegation|maire|maires|elus|collectivite|collectivites|municipalite|jumel|"
    r"cooperation|aide|soutien|avec|au profit|en faveur|vers|destination|mission|au|en|du|de la)\W*\S*\W*$"
)
_PASSING_CUE = re.compile(
    r"(comme|a l'image|contrairement|originaire|origine|ne en|nee en|cuisine|restaurant|match|"
    r"equipe|champion|coupe|tournoi|importe|produit|vin|touristes|visiteurs|clientele|artiste|"
    r"chanteur|groupe|film|auteur|guerre|conflit|front|invasion|armee|frontiere avec|"
    r"ne pas confondre|plutot qu|parlant|langue|cours d|traduit|repas|saveurs|specialites|"
    r"bombard|frappes|offensive|agression|agresseur|troupes|missiles|occupation|occupant|"
    r"sanctions|regime|opposant|via|en passant par|transit|escale|concurrence avec|rivalise)"
    r"\W*\S*\W*\S*\W*$"
)
# "Setúbal (Portugal)": a country in brackets after a place name.
_BRACKETED = re.compile(r"[A-ZÀ-Ý][\w'’-]+\s*\($")
# What separates two items of one list: "Dakar, Abidjan, Montréal ou Beyrouth".
_LIST_GAP = re.compile(r"^\)?\s*(?:,|;|et|ou|ainsi que)\s*$")
# A demonym used as a language: "l'anglais", "en espagnol", "parlant allemand".
_LANGUAGE_USE = re.compile(r"(\bl'|\ben |parlant |langue |cours d'|cours de |\bet |, )$")

FEATURES = (
    "bias",
    "named",
    "log_mentions",
    "demonym_only",
    "in_title",
    "early",
    "share",
    "top",
    "log_countries",
    "partner_cue",
    "passing_cue",
    "place_only",
    "language_use",
    "enumeration",
    "near_french_agent",
    "in_foreign_actor",
    "listed_partner",
    "soft_objects",
)
#: Objects of an act with a partner territory; a text whose objects are only the others
#: (a network's meeting, an awareness week) names co-members, volunteers' destinations and
#: guests' countries more often than partners.
_PARTNERED_OBJECTS = frozenset(
    {"cooperation", "attractiveness", "emergency", "twinning", "european", "delegation"}
)
#: Characters around a French agent within which a country is "near" it.
_NEAR = 300
#: Context words of a mention: this many words before it and after it, in its sentence.
_WORDS_BEFORE = 6
_WORDS_AFTER = 3
_WORD = re.compile(r"[a-z0-9]+")


def candidate_features(
    text: str,
    title_length: int,
    mentions: Sequence[Mention],
    place_aliases: AbstractSet[str],
    actors: Sequence[ActorMention] = (),
    objects: AbstractSet[str] = frozenset(),
) -> dict[str, list[float]]:
    """Feature vector per candidate country (ISO2 → values in :data:`FEATURES` order);
    ``objects`` are the text's AICT objects (gold when training, predicted when tagging)."""
    by_code: dict[str, list[Mention]] = defaultdict(list)
    for mention in mentions:
        by_code[mention.code].append(mention)
    if not by_code:
        return {}
    whole = _Whole(
        text=text,
        title_length=title_length,
        mentions=mentions,
        candidates=len(by_code),
        most=max(len(v) for v in by_code.values()),
        french_agents=[
            a for a in actors if a.role == "agent" and a.type in ("collectivite", "steered_body")
        ],
        foreign=[a for a in actors if a.type in ("foreign_local_authority", "foreign_state")],
        listed=_listed_partners(text, mentions),
        soft=bool(objects) and not objects & _PARTNERED_OBJECTS,
    )
    return {code: _vector(found, whole, place_aliases) for code, found in by_code.items()}


@dataclass(frozen=True)
class _Whole:
    """What every candidate's features read of the whole text."""

    text: str
    title_length: int
    mentions: Sequence[Mention]
    candidates: int
    most: int
    french_agents: list[ActorMention]
    foreign: list[ActorMention]
    listed: set[Mention]
    soft: bool


def _vector(found: list[Mention], whole: _Whole, place_aliases: AbstractSet[str]) -> list[float]:
    """One candidate's values, in :data:`FEATURES` order, from its mentions ``found``."""
    text = whole.text
    before = [fold(text[max(0, m.start - 40) : m.start]) for m in found]
    named = [m for m in found if not m.demonym]
    places = [m for m in named if fold(m.name) in place_aliases]
    first = min(m.start for m in found)
    return [
        1.0,
        float(bool(named)),
        math.log1p(len(found)),
        float(not named),
        float(any(m.start < whole.title_length for m in found)),
        1.0 - min(1.0, first / max(1, len(text))),
        len(found) / len(whole.mentions),
        float(len(found) == whole.most),
        math.log1p(whole.candidates),
        float(any(_PARTNER_CUE.search(b) for b in before)),
        float(all(_PASSING_CUE.search(b) for b in before)),
        float(bool(named) and len(places) == len(named)),
        float(not named and all(_LANGUAGE_USE.search(b) for b in before)),
        float(all(_in_enumeration(m, whole.mentions) for m in found)),
        float(any(abs(a.start - m.start) < _NEAR for a in whole.french_agents for m in found)),
        float(any(a.start <= m.start < a.end for a in whole.foreign for m in found)),
        float(any(m in whole.listed for m in found)),
        float(whole.soft),
    ]


def context_words(text: str, mentions: Sequence[Mention]) -> dict[str, set[str]]:
    """Words around each candidate's mentions, per ISO2: ``b:<word>`` for the few words before a
    mention, ``a:<word>`` for those after it, cut at the sentence's end. The salience features
    above name a few such contexts by hand ("comme en", "jumelée avec"); these let the chooser
    learn the rest from the corpus — a network "fondé par le maire d'Hiroshima", volunteers
    "revenus du Pérou", a "clientèle italienne", lorries "via la Pologne"."""
    out: dict[str, set[str]] = defaultdict(set)
    for mention in mentions:
        before = re.split(r"[.!?;:\n]", text[max(0, mention.start - 80) : mention.start])[-1]
        after = re.split(r"[.!?;:\n]", text[mention.end : mention.end + 40])[0]
        words = out[mention.code]
        words.update("b:" + w for w in _WORD.findall(fold(before))[-_WORDS_BEFORE:])
        words.update("a:" + w for w in _WORD.findall(fold(after))[:_WORDS_AFTER])
    return out


def _listed_partners(text: str, mentions: Sequence[Mention]) -> set[Mention]:
    """Mentions that are items of a list of partners: bracketed after a place ("Gdynia
    (Pologne)"), or following, separated by a comma, "et" or "ou" only, a mention that is itself
    announced as a partner ("des maires de Dakar, Abidjan, Montréal ou Beyrouth")."""
    listed: set[Mention] = set()
    ordered = sorted(mentions, key=lambda m: m.start)
    for i, mention in enumerate(ordered):
        raw_before = text[max(0, mention.start - 40) : mention.start]
        heads_list = (
            i + 1 < len(ordered)
            and bool(_PARTNER_CUE.search(fold(raw_before)))
            and _gap_is_list(text, mention, ordered[i + 1])
        )
        continues_list = (
            i > 0 and ordered[i - 1] in listed and _gap_is_list(text, ordered[i - 1], mention)
        )
        if _BRACKETED.search(raw_before) or heads_list or continues_list:
            listed.add(mention)
    return listed


def _gap_is_list(text: str, first: Mention, second: Mention) -> bool:
    return bool(_LIST_GAP.match(fold(text[first.end : second.start])))


def _in_enumeration(mention: Mention, mentions: Sequence[Mention]) -> bool:
    """Whether the mention is one item of a list of three or more countries."""
    close = [m for m in mentions if m.code != mention.code and abs(m.start - mention.start) < 40]
    return len({m.code for m in close}) >= 2


class CountryRelevance:
    """Logistic regression over :func:`candidate_features` and, when trained with them, the
    :func:`context_words` of each candidate (one weight per word of ``vocabulary``)."""

    def __init__(
        self,
        weights: Sequence[float],
        threshold: float = 0.5,
        vocabulary: Sequence[str] = (),
        word_weights: Sequence[float] = (),
    ) -> None:
        self.weights = np.asarray(weights, dtype=float)
        self.threshold = threshold
        self.word_weights = dict(zip(vocabulary, word_weights, strict=True))

    @property
    def reads_context(self) -> bool:
        """Whether :meth:`choose` wants the candidates' context words."""
        return bool(self.word_weights)

    @property
    def legacy(self) -> bool:
        """Trained on the first features only (the issue-4 chooser: no towns, no actors).
        A chooser trained before a later feature was added reads the features it knows."""
        return len(self.weights) <= FEATURES.index("near_french_agent")

    def choose(
        self, features: dict[str, list[float]], context: dict[str, set[str]] | None = None
    ) -> list[str]:
        chosen = []
        for code, values in features.items():
            z = float(np.dot(self.weights, values[: len(self.weights)]))
            z += sum(self.word_weights.get(w, 0.0) for w in (context or {}).get(code, ()))
            if 1.0 / (1.0 + math.exp(-z)) >= self.threshold:
                chosen.append(code)
        return sorted(chosen)

    def save(self, path: Path) -> None:
        data = {
            # A legacy chooser (the issue-4 one) names only the features it was trained on.
            "features": list(FEATURES)[: len(self.weights)],
            "weights": self.weights.round(6).tolist(),
            "threshold": self.threshold,
        }
        if self.word_weights:
            words = sorted(self.word_weights)
            data["vocabulary"] = words
            data["word_weights"] = [round(self.word_weights[w], 6) for w in words]
        path.write_text(json.dumps(data, indent=2), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> CountryRelevance:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data["features"] != list(FEATURES)[: len(data["features"])]:
            raise ValueError(f"{path}: features differ from this code; retrain (make train)")
        return cls(
            data["weights"],
            data["threshold"],
            data.get("vocabulary", ()),
            data.get("word_weights", ()),
        )


@cache
def _network_seats() -> tuple[tuple[re.Pattern[str], frozenset[str]], ...]:
    """(organisation pattern, folded seat places) pairs of ``resources/network_seats.yaml``."""
    data = yaml.safe_load((RESOURCES / "network_seats.yaml").read_text(encoding="utf-8"))
    return tuple((re.compile(d["organisation"]), frozenset(d["places"])) for d in data)


def seats_only(mentions: Sequence[Mention], folded: str) -> set[str]:
    """Countries named only through the seat of an organisation the text names ("les Maires
    pour la paix… Hiroshima", demonyms aside): no partner (``resources/network_seats.yaml``)."""
    seats = frozenset().union(*(p for o, p in _network_seats() if o.search(folded)))
    if not seats:
        return set()
    named = {m.code for m in mentions if not m.demonym}
    return {
        code
        for code in named
        if all(fold(m.name) in seats for m in mentions if m.code == code and not m.demonym)
    }

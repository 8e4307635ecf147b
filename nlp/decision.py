"""The AICT decision: classifier scores, typed actors and rules → the tag record.

"Actors decide" (docs/tagger.md): a text is AICT only when a French local authority, or a body
it steers, takes part in the cross-border act. :func:`analyse` finds where the international
fact sits (:mod:`nlp.focus`), the country mentions (names, demonyms, places, towns of
:mod:`nlp.places`) and the typed actors with their roles (:mod:`nlp.actors`). A small logistic
regression (:class:`Stacker`, trained by ``nlp.training.train`` on out-of-fold classifier
scores) weighs the classifier's AICT probability against who acts: a French agent, or the
State, a foreign town, an NGO, a parish, a hospital, a company or a chamber acting instead,
or an emergency at home (overseas France). Without any French local actor the answer is no.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from models.base import OBJECT_IDS
from nlp import rules
from nlp.actors import (
    FRENCH_TYPES,
    LOOKALIKE_TYPES,
    ActorMention,
    Parse,
    assign_roles,
    find_actors,
)
from nlp.countries import CountryRelevance, candidate_features
from nlp.focus import Span, cue_paragraphs, paragraphs
from nlp.gazetteer import Mention, country_index
from nlp.text import AICT_LABEL, fold

#: French overseas territories by name (folded): emergencies there are domestic.
_OVERSEAS = re.compile(
    r"(?<![\w-])(mayotte|guadeloupe|martinique|la reunion|l'ile de la reunion|guyane|"
    r"polynesie|nouvelle-caledonie|saint-martin|saint-barthelemy|wallis|futuna|"
    r"saint-pierre-et-miquelon|outre-mer|ultramarin\w*|mahorais\w*|guadeloupeen\w*|"
    r"martiniquais\w*|reunionnais\w*|guyanais\w*|caledonien\w*|polynesien\w*)(?![\w-])"
)

FEATURES = (
    "bias",
    "logit_aict",
    "strong",
    "foreign",
    "french_any",
    "french_international",
    "french_agent",
    "french_agents",
    "overseas_only",
    *(f"{kind}_agent" for kind in LOOKALIKE_TYPES),
    "lookalike_agents",
)


@dataclass(frozen=True)
class Analysis:
    """What :func:`analyse` found in one text (title and body joined by a blank line)."""

    full: str
    folded: str
    countries: tuple[Mention, ...]
    actors: tuple[ActorMention, ...]
    international: tuple[Span, ...]


def country_mentions(text: str) -> list[Mention]:
    """Countries named, or standing behind a demonym, a region or a foreign town."""
    from nlp.places import world_places

    found = country_index().find(text)
    taken = [(m.start, m.end) for m in found]
    for place in world_places().find(text):
        if not any(s < place.end and place.start < e for s, e in taken):
            found.append(place)
    return sorted(found, key=lambda m: m.start)


def analyse(title: str, text: str, parse: Parse | None = None) -> Analysis:
    full = f"{title}\n\n{text}"
    countries = country_mentions(full)
    spans = paragraphs(full)
    chosen = cue_paragraphs(full, spans, [m.start for m in countries], rules.is_candidate)
    international = tuple(spans[i] for i in chosen)
    actors = assign_roles(full, find_actors(full), international, parse)
    return Analysis(full, fold(full), tuple(countries), tuple(actors), international)


def features(analysis: Analysis, p_aict: float) -> list[float]:
    """The stacker's inputs, in :data:`FEATURES` order."""
    p = min(max(p_aict, 1e-4), 1 - 1e-4)
    french = [a for a in analysis.actors if a.type in FRENCH_TYPES]
    agents = [a for a in french if a.role == "agent"]
    inside = [a for a in french if a.role != "mentioned"]
    lookalikes = {kind: 0.0 for kind in LOOKALIKE_TYPES}
    for actor in analysis.actors:
        if actor.type in lookalikes and actor.role == "agent":
            lookalikes[actor.type] = 1.0
    overseas = len(_OVERSEAS.findall(analysis.folded))
    return [
        1.0,
        math.log(p / (1 - p)),
        float(rules.has_strong_term(analysis.folded)),
        float(bool(analysis.countries)),
        float(bool(french)),
        float(bool(inside)),
        float(bool(agents)),
        math.log1p(len(agents)),
        # Overseas France named more often than any foreign country: an emergency at home.
        float(overseas > len(analysis.countries)),
        *lookalikes.values(),
        math.log1p(sum(lookalikes.values())),
    ]


class Stacker:
    """Logistic regression over :func:`features` with its decision threshold."""

    def __init__(self, weights: Sequence[float], threshold: float = 0.5) -> None:
        self.weights = np.asarray(weights, dtype=float)
        self.threshold = threshold

    def probability(self, values: Sequence[float]) -> float:
        z = float(np.dot(self.weights, values))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def save(self, path: Path) -> None:
        data = {
            "features": list(FEATURES),
            "weights": self.weights.round(6).tolist(),
            "threshold": self.threshold,
        }
        path.write_text(json.dumps(data, indent=2), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> Stacker:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data["features"] != list(FEATURES):
            raise ValueError(f"{path}: features differ from this code; retrain (make train)")
        return cls(data["weights"], data["threshold"])


def ordered_actors(actors: Sequence[ActorMention]) -> list[ActorMention]:
    """Distinct actors, French agents first (consumers read the first as "the" actor)."""
    rank = {"agent": 0, "partner": 1, "mentioned": 2}
    seen: set[tuple[str, str | None]] = set()
    out: list[ActorMention] = []
    for actor in sorted(
        actors, key=lambda a: (a.type not in FRENCH_TYPES, rank[a.role], a.start)
    ):
        key = (actor.code or fold(actor.name), actor.type)
        if key not in seen:
            seen.add(key)
            out.append(actor)
    return out


def partner_countries(
    analysis: Analysis, title_length: int, chooser: CountryRelevance | None
) -> list[str]:
    if chooser is None:
        return rules.partner_countries(analysis.countries)
    from nlp.places import world_places

    places = country_index().places | set(world_places().by_name)
    values = candidate_features(
        analysis.full, title_length, analysis.countries, places, analysis.actors
    )
    return chooser.choose(values)


def decide(
    cats: dict[str, float],
    analysis: Analysis,
    title_length: int,
    thresholds: dict[str, float],
    stacker: Stacker | None,
    chooser: CountryRelevance | None,
) -> dict[str, Any]:
    """The tag-text record (partners excluded) of an analysed text."""
    values = features(analysis, float(cats.get(AICT_LABEL, 0.0)))
    french_any = values[FEATURES.index("french_any")] > 0
    french_agent = values[FEATURES.index("french_agent")] > 0
    if stacker is not None:
        score, threshold = stacker.probability(values), stacker.threshold
    else:
        score, threshold = float(cats.get(AICT_LABEL, 0.0)), thresholds[AICT_LABEL]
    strong = rules.strong_objects(
        analysis.folded, council_acts=french_agent, foreign_place=bool(analysis.countries)
    )
    object_scores = {obj: round(float(cats.get(obj, 0.0)), 4) for obj in OBJECT_IDS}
    for obj in strong:
        object_scores[obj] = max(object_scores[obj], 0.9)
    actors = [
        {"name": a.name, "code": a.code, "type": a.type, "role": a.role}
        for a in ordered_actors(analysis.actors)
    ]
    record: dict[str, Any] = {
        "is_aict": False,
        "score": round(score, 4),
        "objects": [],
        "object_scores": object_scores,
        "actors": actors,
        "partners": [],
        "partner_countries": [],
    }
    if not french_any or score < threshold:
        return record
    objects = [o for o in OBJECT_IDS if object_scores[o] >= thresholds[o]]
    if not objects:  # an AICT text has at least one object: take the most likely
        objects = [max(OBJECT_IDS, key=lambda o: object_scores[o])]
    record.update(
        is_aict=True,
        objects=objects,
        partner_countries=partner_countries(analysis, title_length, chooser),
    )
    return record

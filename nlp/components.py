"""spaCy components of the AICT tagger, registered under ``aict_*`` names.

- ``aict_prefilter``: cheap candidate filter (accent-folded term list); non-candidates skip the
  rest of the pipeline (see :mod:`nlp.pipeline`).
- ``aict_classifier``: the trained classifier; fills ``doc.cats`` (AICT and the eight objects).
- ``aict_entities``: countries, actors (typed collectivité codes) and foreign partners.
- ``aict_decide``: thresholds and rules → ``doc._.aict`` (the tag-text contract record).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from models.base import OBJECT_IDS
from nlp import rules
from nlp.classifier import LinearTextClassifier, prepare
from nlp.countries import CountryRelevance, candidate_features
from nlp.gazetteer import collectivite_index, country_index
from nlp.partners import find_partners
from nlp.text import AICT_LABEL, fold

for _name, _default in (
    ("aict_candidate", False),
    ("aict_reason", None),
    ("aict_title", ""),
    ("aict_countries", None),
    ("aict_actors", None),
    ("aict_partners", None),
    ("aict", None),
):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


@Language.factory("aict_prefilter")
def make_prefilter(nlp: Language, name: str) -> AictPrefilter:
    return AictPrefilter()


class AictPrefilter:
    """Marks documents that may be about AICT (``doc._.aict_candidate``)."""

    def __call__(self, doc: Doc) -> Doc:
        text = f"{doc._.aict_title}\n{doc.text}"
        doc._.aict_candidate = rules.is_candidate(fold(text))
        if not doc._.aict_candidate and doc._.aict_reason is None:
            doc._.aict_reason = "no AICT term"
        return doc


@Language.factory("aict_classifier", default_config={"model_dir": None})
def make_classifier(nlp: Language, name: str, model_dir: str | None) -> AictClassifier:
    return AictClassifier(Path(model_dir) if model_dir else None)


class AictClassifier:
    """Scores AICT and the eight objects with :class:`LinearTextClassifier`."""

    def __init__(self, model_dir: Path | None) -> None:
        self.model = LinearTextClassifier.load(model_dir) if model_dir else None

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs, batch_size: int = 256):  # type: ignore[no-untyped-def]
        batch: list[Doc] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._score(batch)
                batch = []
        if batch:
            yield from self._score(batch)

    def _score(self, docs: list[Doc]) -> list[Doc]:
        if self.model is None:
            raise ValueError(
                "aict_classifier has no model: set components.aict_classifier.model_dir"
            )
        probs = self.model.predict_proba([prepare(d._.aict_title, d.text) for d in docs])
        for doc, row in zip(docs, probs, strict=True):
            doc.cats = {label: float(p) for label, p in zip(self.model.labels, row, strict=True)}
        return docs


@Language.factory("aict_entities")
def make_entities(nlp: Language, name: str) -> AictEntities:
    return AictEntities()


class AictEntities:
    """Countries, actors and partners named in the document (title included)."""

    def __call__(self, doc: Doc) -> Doc:
        text = f"{doc._.aict_title}\n\n{doc.text}"
        countries = country_index().find(text)
        actors = collectivite_index().find(text)
        doc._.aict_countries = countries
        doc._.aict_actors = actors
        doc._.aict_partners = find_partners(doc, countries, actors)
        return doc


@Language.factory(
    "aict_decide",
    default_config={"thresholds": {}, "thresholds_file": None, "countries_file": None},
)
def make_decide(
    nlp: Language,
    name: str,
    thresholds: dict[str, float],
    thresholds_file: str | None,
    countries_file: str | None,
) -> AictDecide:
    values = dict(thresholds)
    if thresholds_file:
        values.update(json.loads(Path(thresholds_file).read_text(encoding="utf-8")))
    chooser = CountryRelevance.load(Path(countries_file)) if countries_file else None
    return AictDecide(values, chooser)


class AictDecide:
    """Turns scores, rules and entities into the tag-text record (``doc._.aict``)."""

    def __init__(self, thresholds: dict[str, float], chooser: CountryRelevance | None) -> None:
        self.thresholds = {label: 0.5 for label in (AICT_LABEL, *OBJECT_IDS)}
        self.thresholds.update(thresholds)
        self.chooser = chooser

    def __call__(self, doc: Doc) -> Doc:
        doc._.aict = decide(doc, self.thresholds, self.chooser)
        return doc


def empty_record(reason: str | None = None) -> dict[str, Any]:
    """The record of a text that is not AICT (skipped or classified negative)."""
    record: dict[str, Any] = {
        "is_aict": False,
        "score": 0.0,
        "objects": [],
        "object_scores": {obj: 0.0 for obj in OBJECT_IDS},
        "actors": [],
        "partners": [],
        "partner_countries": [],
    }
    if reason:
        record["reason"] = reason
    return record


def choose_countries(
    title: str, text: str, mentions: list, chooser: CountryRelevance | None
) -> list[str]:
    """Partner countries among the document's country mentions."""
    if chooser is None:
        return rules.partner_countries(mentions)
    features = candidate_features(
        f"{title}\n\n{text}", len(title), mentions, country_index().places
    )
    return chooser.choose(features)


def decide_record(
    cats: dict[str, float],
    title: str,
    text: str,
    thresholds: dict[str, float],
    chooser: CountryRelevance | None = None,
    entities: tuple[list, list] | None = None,
) -> dict[str, Any]:
    """Combine classifier scores with rules and entities into one record (partners excluded).

    ``entities`` are (countries, actors) mentions; they are found here when not given.
    """
    full = f"{title}\n\n{text}"
    folded = fold(full)
    countries, actors = (
        entities
        if entities is not None
        else (
            country_index().find(full),
            collectivite_index().find(full),
        )
    )
    council_acts = bool(actors) or any(w in folded for w in collectivite_index().authority_words)
    strong = rules.strong_objects(folded, council_acts=council_acts, foreign_place=bool(countries))
    score = float(cats.get(AICT_LABEL, 0.0))
    if strong:
        score = max(score, 0.9)
    object_scores = {obj: round(float(cats.get(obj, 0.0)), 4) for obj in OBJECT_IDS}
    for obj in strong:
        object_scores[obj] = max(object_scores[obj], 0.9)
    record = empty_record()
    record["score"] = round(score, 4)
    record["object_scores"] = object_scores
    if score < thresholds[AICT_LABEL]:
        return record
    objects = [o for o in OBJECT_IDS if object_scores[o] >= thresholds[o]]
    if not objects:  # an AICT text has at least one object: take the most likely
        objects = [max(OBJECT_IDS, key=lambda o: object_scores[o])]
    record.update(
        is_aict=True,
        objects=objects,
        actors=[{"name": m.name, "code": m.code} for m in actors],
        partner_countries=choose_countries(title, text, countries, chooser),
    )
    return record


def decide(
    doc: Doc, thresholds: dict[str, float], chooser: CountryRelevance | None = None
) -> dict[str, Any]:
    """The record of a processed Doc (entities from ``aict_entities``, partners from NER)."""
    entities = (doc._.aict_countries or [], doc._.aict_actors or [])
    record = decide_record(doc.cats, doc._.aict_title, doc.text, thresholds, chooser, entities)
    if record["is_aict"]:
        record["partners"] = doc._.aict_partners or []
    return record

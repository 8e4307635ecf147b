"""The hand-written corpus: format, volumes the issue asks for, and split hygiene."""

from __future__ import annotations

import collections

from models.base import OBJECT_IDS
from nlp.corpus_io import read_split
from storage.reference import FRENCH_TERRITORIES, collectivite_rows

HEADLINE = ("cooperation", "attractiveness", "emergency")


def _all() -> dict[str, list[dict]]:
    return {split: list(read_split(split)) for split in ("train", "dev", "test")}


def test_volumes_and_labels() -> None:
    splits = _all()
    records = [r for rs in splits.values() for r in rs]
    assert len(records) >= 700
    per_object = collections.Counter(o for r in records for o in r["objects"])
    for obj in OBJECT_IDS:
        assert per_object[obj] >= (80 if obj in HEADLINE else 40), obj
    negatives = [r for r in records if not r["is_aict"]]
    assert len(negatives) >= 300
    assert sum(r["hard_negative"] for r in negatives) >= 150


def test_records_are_consistent() -> None:
    codes = {row["code"] for row in collectivite_rows()}
    for split, records in _all().items():
        for r in records:
            assert r["id"].startswith(split), r["id"]
            assert set(r["objects"]) <= set(OBJECT_IDS)
            assert r["is_aict"] == bool(r["objects"]), r["id"]
            if not r["is_aict"]:
                assert not (r["actors"] or r["partners"] or r["partner_countries"]), r["id"]
            for actor in r["actors"]:
                assert actor["code"] is None or actor["code"] in codes, (r["id"], actor)
            for iso in r["partner_countries"]:
                assert len(iso) == 2 and iso.isupper() and iso not in FRENCH_TERRITORIES


def test_splits_do_not_share_texts() -> None:
    splits = _all()
    seen: dict[str, str] = {}
    for split, records in splits.items():
        for r in records:
            key = " ".join(r["text"].split()).lower()
            assert key not in seen or seen[key] == split, r["id"]
            seen[key] = split


def test_actor_mentions_use_the_tagger_types_and_roles() -> None:
    """The gate scores actor types on ``actor_mentions``: a type outside the tagger's eleven
    (a writer's "commune" or "state") would count as an error of the tagger's."""
    from nlp.actors import ACTOR_TYPES, ROLES

    for records in _all().values():
        for r in records:
            full = f"{r.get('title', '')}\n\n{r['text']}"
            for mention in r.get("actor_mentions") or ():
                assert mention["type"] in ACTOR_TYPES, (r["id"], mention)
                assert mention["role"] in ROLES, (r["id"], mention)
                assert mention["name"] in full, (r["id"], mention)

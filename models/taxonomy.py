"""The eight AICT objects of taxonomy.md §2, the one place they are listed: id, French name and
short label, in display order (the three headline objects first).

The ids are what the database, the views and ``tag-text`` carry (``tag_objects.object`` and
``actions.object`` are checked against :class:`ObjectId`); the names are what the report, its
charts, the digest and docs/sql.md "Object names in French" print (a test compares that table
with this one). Names follow taxonomy.md with "et" for "&". ``storage.labels`` and
``models.base`` re-export these tables for their readers.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ObjectId(StrEnum):
    """An AICT object id, in display order (headline objects first)."""

    COOPERATION = "cooperation"
    ATTRACTIVENESS = "attractiveness"
    EMERGENCY = "emergency"
    TWINNING = "twinning"
    EUROPEAN = "european"
    DELEGATION = "delegation"
    NETWORKS = "networks"
    CITIZENSHIP = "citizenship"


@dataclass(frozen=True)
class AictObject:
    """One object of the taxonomy: its id, French name (headings, legends, tables) and short
    label (chart axes, table cells, "aussi : …" lists)."""

    id: ObjectId
    name: str
    short: str


TAXONOMY: tuple[AictObject, ...] = (
    AictObject(
        ObjectId.COOPERATION,
        "Coopération décentralisée et solidarité internationale",
        "Coopération",
    ),
    AictObject(ObjectId.ATTRACTIVENESS, "Attractivité et rayonnement", "Attractivité"),
    AictObject(ObjectId.EMERGENCY, "Urgence humanitaire", "Urgence"),
    AictObject(ObjectId.TWINNING, "Jumelage", "Jumelage"),
    AictObject(ObjectId.EUROPEAN, "Coopération européenne et transfrontalière", "Europe"),
    AictObject(ObjectId.DELEGATION, "Délégations et missions", "Délégations"),
    AictObject(ObjectId.NETWORKS, "Réseaux et agenda mondial", "Réseaux"),
    AictObject(
        ObjectId.CITIZENSHIP,
        "Éducation à la citoyenneté et solidarité internationale",
        "Citoyenneté",
    ),
)

#: The eight ids in display order (headline objects first).
OBJECT_IDS: tuple[ObjectId, ...] = tuple(obj.id for obj in TAXONOMY)
#: The three headline objects (their own macro-F1 floor in nlp/eval_floors.json).
HEADLINE_OBJECTS: tuple[ObjectId, ...] = OBJECT_IDS[:3]
#: Object id → French name.
OBJECT_NAMES: dict[str, str] = {obj.id: obj.name for obj in TAXONOMY}
#: Object id → short label.
OBJECT_SHORT: dict[str, str] = {obj.id: obj.short for obj in TAXONOMY}

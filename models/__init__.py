"""Typed SQLAlchemy 2 models of the observatory: one declarative base, one module per concern.

Reading any model through this package (``from models import Article``, ``models.Base``)
imports every model module, which registers every table on ``Base.metadata`` (Alembic's
target). The imports are deferred to that first read (PEP 562) so that a module that only
needs the taxonomy (``models.taxonomy``: the tagger's object ids) does not pay for SQLAlchemy
(0.4 s of a tagger process's start, docs/tagger.md).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from models.actions import Action, MeasureRun, Relay, RelaySummary, WeeklyCount
    from models.articles import Article, ArticleVersion, RawPage
    from models.base import OBJECT_IDS, Base
    from models.digest import DigestOutbox
    from models.reference import Collectivite, Country
    from models.registers import (
        ApdDeclaration,
        AtlasProject,
        BudgetLine,
        CollectiviteYearCount,
        RegisterImport,
    )
    from models.sources import Feed, FeedHealthDaily, FetchEvent, Source
    from models.tags import Tag, TagCorrection, TagCountry, TagFrame, TagObject

#: Every model module, imported together on the first read of a name of this package.
_MODULES = (
    "models.base",
    "models.actions",
    "models.articles",
    "models.digest",
    "models.reference",
    "models.registers",
    "models.sources",
    "models.tags",
)


if not TYPE_CHECKING:  # mypy reads the imports above: a misspelt name stays an error

    def __getattr__(name: str) -> Any:
        if name not in __all__:
            raise AttributeError(f"module 'models' has no attribute {name!r}")
        modules = [importlib.import_module(m) for m in _MODULES]
        for module in modules:
            for exported in __all__:
                if exported in vars(module):
                    globals()[exported] = vars(module)[exported]
        return globals()[name]


__all__ = [
    "OBJECT_IDS",
    "Action",
    "ApdDeclaration",
    "Article",
    "ArticleVersion",
    "AtlasProject",
    "Base",
    "BudgetLine",
    "Collectivite",
    "CollectiviteYearCount",
    "Country",
    "DigestOutbox",
    "Feed",
    "FeedHealthDaily",
    "FetchEvent",
    "MeasureRun",
    "RawPage",
    "RegisterImport",
    "Relay",
    "RelaySummary",
    "Source",
    "Tag",
    "TagCorrection",
    "TagCountry",
    "TagFrame",
    "TagObject",
    "WeeklyCount",
]

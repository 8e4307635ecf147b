"""Typed SQLAlchemy 2 models of the observatory: one declarative base, one module per concern.

Importing this package registers every table on ``Base.metadata`` (Alembic's target).
"""

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

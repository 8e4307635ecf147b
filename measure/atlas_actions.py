"""Atlas projects as actions (origin ``atlas``), so ``v_silent_actions`` counts declared projects
that the press never echoed, for every collectivité of the Atlas, crawled or not.

The latest Atlas imported (the highest year in ``atlas_projects``) is the declared state: each
of its projects is one action of object ``cooperation`` (the Atlas is the register of
decentralised cooperation), dated 1 January of its start year, else of the Atlas year. An
action keeps its id while its project stays in the Atlas (natural key: collectivité, partner,
country and a digest of the title); one that left the latest Atlas is deleted. Coverage is the
imported partnerships' rule (``measure.run``): a press AICT article naming the collectivité and
the country in the year before ``as_of``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from models import Action, AtlasProject, Collectivite
from storage.upserts import upsert_actions

ATLAS_OBJECT = "cooperation"


def atlas_key(code: str, partner: str | None, country: str, title: str | None) -> str:
    """Natural key of a project's action; the title as a digest keeps it under 400 chars."""
    digest = hashlib.sha256((title or "").encode("utf-8")).hexdigest()[:16]
    return f"atlas:{code}:{(partner or '')[:200]}:{country}:{digest}"


def atlas_action_rows(session: Session) -> list[dict[str, Any]]:
    """One action row per project of the latest Atlas (duplicate keys: the earliest date)."""
    latest = session.scalar(select(func.max(AtlasProject.year)))
    if latest is None:
        return []
    query = (
        select(AtlasProject, Collectivite.name)
        .join(Collectivite, Collectivite.code == AtlasProject.collectivite_code)
        .where(AtlasProject.year == latest)
        .order_by(AtlasProject.id)
    )
    rows: dict[str, dict[str, Any]] = {}
    for project, name in session.execute(query):
        key = atlas_key(
            project.collectivite_code, project.partner, project.country_iso2, project.title
        )
        day = dt.date(project.start_year or project.year, 1, 1)
        if key in rows and rows[key]["action_date"] <= day:
            continue
        rows[key] = {
            "natural_key": key,
            "origin": "atlas",
            "article_id": None,
            "actor_codes": project.collectivite_code,
            "actor_name": name,
            "object": ATLAS_OBJECT,
            "partner": project.partner,
            "country_iso2": project.country_iso2,
            "action_date": day,
            "note": project.title,
        }
    return list(rows.values())


#: The columns an Atlas action takes from its project (compared to skip unchanged rows).
_PROJECT_COLUMNS = ("actor_codes", "actor_name", "partner", "country_iso2", "action_date", "note")


def sync_atlas_actions(session: Session) -> int:
    """Make the ``atlas`` actions those of the latest Atlas; returns how many there are.

    Only new or changed projects are written: rewriting 12,000 unchanged rows took most of a
    measure run that had nothing else to do.
    """
    rows = atlas_action_rows(session)
    keys = {r["natural_key"] for r in rows}
    columns = [getattr(Action, c) for c in _PROJECT_COLUMNS]
    existing = {
        key: (action_id, tuple(values))
        for key, action_id, *values in session.execute(
            select(Action.natural_key, Action.id, *columns).where(Action.origin == "atlas")
        )
    }
    gone = [action_id for key, (action_id, _) in existing.items() if key not in keys]
    if gone:
        session.execute(delete(Action).where(Action.id.in_(gone)))
    changed = [
        r
        for r in rows
        if existing.get(r["natural_key"], (None, None))[1] != tuple(r[c] for c in _PROJECT_COLUMNS)
    ]
    if changed:
        upsert_actions(session, changed)
    return len(rows)

"""actor type and role in tags.actors

Issue 11 types every actor of a tag (``type``: collectivite, steered_body, french_state,
foreign_local_authority…) and gives it a ``role`` (agent, partner, mentioned). Tags written
before held collectivités acting, so the upgrade adds ``"type": "collectivite", "role":
"agent"`` to each item of ``tags.actors`` that lacks them (a data migration, no schema change;
``actor_codes`` already lists exactly those collectivités). The downgrade removes both keys.

Revision ID: f29fca1c1d2c
Revises: f657d0c00f5b
Create Date: 2026-12-04 07:30:43.033054
"""

from collections.abc import Callable, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "f29fca1c1d2c"
down_revision: str | None = "f657d0c00f5b"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DEFAULTS = {"type": "collectivite", "role": "agent"}
BATCH = 1000

_tags = sa.table("tags", sa.column("article_id", sa.String), sa.column("actors", sa.JSON))


def _rewrite(item_change: Callable[[dict[str, Any]], dict[str, Any]]) -> None:
    """Apply ``item_change`` to every actor item, in batches of tags (keyset on article_id)."""
    conn = op.get_bind()
    update = (
        sa.update(_tags)
        .where(_tags.c.article_id == sa.bindparam("key"))
        .values(actors=sa.bindparam("new", type_=sa.JSON))
    )
    after = ""
    while True:
        rows = conn.execute(
            sa.select(_tags.c.article_id, _tags.c.actors)
            .where(_tags.c.article_id > after, sa.cast(_tags.c.actors, sa.Text) != "[]")
            .order_by(_tags.c.article_id)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        changes = []
        for article_id, actors in rows:
            if not isinstance(actors, list):
                continue
            new = [item_change(a) if isinstance(a, dict) else a for a in actors]
            if new != actors:
                changes.append({"key": article_id, "new": new})
        if changes:
            conn.execute(update, changes)
        after = rows[-1][0]


def upgrade() -> None:
    _rewrite(lambda item: {**item, **{k: v for k, v in DEFAULTS.items() if k not in item}})


def downgrade() -> None:
    _rewrite(lambda item: {k: v for k, v in item.items() if k not in DEFAULTS})

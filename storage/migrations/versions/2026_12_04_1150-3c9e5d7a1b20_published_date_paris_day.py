"""articles.published_date: the Paris calendar day of published_at (views 0004)

A date-only publication ("2026-11-29") is stored as Paris midnight in UTC, so an officer reading
the UTC day of ``published_at`` sees the previous day (issue 12, item 4). The column is computed
in Python (SQLite has no time zones) by ``storage.timeutil.paris_day`` when a row is written;
the upgrade backfills existing rows the same way, in batches, on both databases.
``v_articles`` gains ``published_date`` as its last column (``CREATE OR REPLACE VIEW`` allows a
new last column on PostgreSQL); the downgrade drops the views first because PostgreSQL cannot
remove a view column in place.

Revision ID: 3c9e5d7a1b20
Revises: f29fca1c1d2c
Create Date: 2026-12-04 11:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from models.base import UTCDateTime
from storage.timeutil import paris_day
from storage.views import create_views, drop_views

revision: str = "3c9e5d7a1b20"
down_revision: str | None = "f29fca1c1d2c"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 1000

_articles = sa.table(
    "articles",
    sa.column("id", sa.String),
    sa.column("published_at", UTCDateTime()),
    sa.column("published_date", sa.Date),
)


def _backfill() -> None:
    """Fill ``published_date`` from ``published_at``, keyset-paged on the article id."""
    conn = op.get_bind()
    update = (
        sa.update(_articles)
        .where(_articles.c.id == sa.bindparam("key"))
        .values(published_date=sa.bindparam("day", type_=sa.Date))
    )
    after = ""
    while True:
        rows = conn.execute(
            sa.select(_articles.c.id, _articles.c.published_at)
            .where(_articles.c.id > after, _articles.c.published_at.is_not(None))
            .order_by(_articles.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        conn.execute(update, [{"key": key, "day": paris_day(when)} for key, when in rows])
        after = rows[-1][0]


def upgrade() -> None:
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.add_column(sa.Column("published_date", sa.Date(), nullable=True))
    _backfill()
    create_views("0004")


def downgrade() -> None:
    # SQLite refuses to drop a column a view uses; PostgreSQL cannot drop a view column in place.
    drop_views()
    # Native DROP COLUMN on both (SQLite >= 3.35): SQLite's batch mode would copy and drop the
    # table, and with foreign_keys=ON that DROP cascades to tags, versions, relays…
    op.execute("ALTER TABLE articles DROP COLUMN published_date")
    create_views("0003")

"""weekly counts behind v_weekly_coverage (views 0003)

``v_weekly_coverage`` aggregated every article at query time (3.5 s on PostgreSQL, 15 s on SQLite
at a million articles); it now reads ``weekly_counts``, which ``aict measure`` rebuilds. The
upgrade fills the table once so an existing database reads the same figures before its next
measure. Same columns; PostgreSQL needs the view dropped first because their types change.

Revision ID: f657d0c00f5b
Revises: a107dc427198
Create Date: 2026-11-26 09:57:36.337416
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from storage.views import create_views
from storage.weekly import refresh_weekly_counts

revision: str = "f657d0c00f5b"
down_revision: str | None = "a107dc427198"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "weekly_counts",
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("week", sa.String(length=8), nullable=False),
        sa.Column("object", sa.String(length=20), nullable=False),
        sa.Column("articles", sa.Integer(), nullable=False),
        sa.Column("aict_articles", sa.Integer(), nullable=False),
        sa.Column("complete", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("source_id", "week", "object", name=op.f("pk_weekly_counts")),
    )
    with op.batch_alter_table("weekly_counts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_weekly_counts_week"), ["week"], unique=False)
    refresh_weekly_counts(op.get_bind())
    create_views("0003", drop_first=True)


def downgrade() -> None:
    create_views("0002", drop_first=True)
    with op.batch_alter_table("weekly_counts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_weekly_counts_week"))

    op.drop_table("weekly_counts")

"""tag corrections by people (views 0005)

``aict tags correct`` (issue 13 item 8) stores each correction as a row of ``tag_corrections``
(versioned: the latest per article is in force) and lays it over the article's tag, which
``tags.corrected`` marks. ``v_articles``, ``v_aict_mentions``, ``v_relay`` and
``v_silent_actions`` gain ``corrected`` as their last column (``CREATE OR REPLACE VIEW`` accepts
new last columns on PostgreSQL); the downgrade drops the views first, since PostgreSQL cannot
remove a view column in place, and drops the column natively (SQLite's batch mode would copy
and drop ``tags``, cascading to ``tag_objects`` and ``tag_countries``).

Revision ID: 8d41b6e0c2f7
Revises: 3c9e5d7a1b20
Create Date: 2026-12-04 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from models.base import UTCDateTime
from storage.views import create_views, drop_views

revision: str = "8d41b6e0c2f7"
down_revision: str | None = "3c9e5d7a1b20"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "tag_corrections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.String(length=32), nullable=False),
        sa.Column("is_aict", sa.Boolean(), nullable=False),
        sa.Column("objects", sa.Text(), nullable=False),
        sa.Column("actor_codes", sa.Text(), nullable=False),
        sa.Column("partner_countries", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("corrected_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_tag_corrections_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tag_corrections")),
    )
    op.create_index(
        "ix_tag_corrections_article_id_created_at",
        "tag_corrections",
        ["article_id", "created_at"],
        unique=False,
    )
    # Plain ADD COLUMN on both: SQLite's batch mode would rebuild ``tags`` under the views.
    op.add_column(
        "tags", sa.Column("corrected", sa.Boolean(), server_default=sa.false(), nullable=False)
    )
    create_views("0005")


def downgrade() -> None:
    drop_views()
    op.execute("ALTER TABLE tags DROP COLUMN corrected")
    op.drop_index("ix_tag_corrections_article_id_created_at", table_name="tag_corrections")
    op.drop_table("tag_corrections")
    create_views("0004")

"""views 0006: v_registers, v_ldc_trend; is_ldc last in v_silent_actions (issue 15 item 4)

``v_registers`` (year × collectivité) puts the registers beside the press measures, which it
reads from ``collectivite_year_counts`` (rebuilt by ``aict measure``, filled once here from
the existing data, like ``weekly_counts``). ``v_ldc_trend`` (year × LDC or not) reads the
registers and the tags directly. ``v_silent_actions`` gains ``is_ldc`` as its last column
(``CREATE OR REPLACE VIEW`` accepts a new last column on PostgreSQL); the downgrade drops the
views first, since PostgreSQL cannot remove a view column in place.

Revision ID: 7816bdaa80b6
Revises: b7e2c4a91d35
Create Date: 2026-12-04 16:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from storage.registers.counts import refresh_collectivite_year_counts
from storage.views import create_views, drop_views

revision: str = "7816bdaa80b6"
down_revision: str | None = "b7e2c4a91d35"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "collectivite_year_counts",
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("collectivite_code", sa.String(length=40), nullable=False),
        sa.Column("council_items", sa.Integer(), nullable=False),
        sa.Column("relayed_items", sa.Integer(), nullable=False),
        sa.Column("press_articles", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "year", "collectivite_code", name=op.f("pk_collectivite_year_counts")
        ),
    )
    refresh_collectivite_year_counts(op.get_bind())
    create_views("0006")


def downgrade() -> None:
    drop_views()
    op.drop_table("collectivite_year_counts")
    create_views("0005")

"""one measure run per as_of (re-measuring a date changes no row)

Revision ID: f48f0887c287
Revises: 5b1f0c2d9e71
Create Date: 2026-11-26 07:13:40.770483
"""

from collections.abc import Sequence

from alembic import op

revision: str = "f48f0887c287"
down_revision: str | None = "5b1f0c2d9e71"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Keep the latest run of each date before the key becomes unique.
    op.execute(
        "DELETE FROM measure_runs WHERE id NOT IN (SELECT MAX(id) FROM measure_runs GROUP BY as_of)"
    )
    with op.batch_alter_table("measure_runs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_measure_runs_as_of"))
        batch_op.create_unique_constraint(batch_op.f("uq_measure_runs_as_of"), ["as_of"])


def downgrade() -> None:
    with op.batch_alter_table("measure_runs", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_measure_runs_as_of"), type_="unique")
        batch_op.create_index(batch_op.f("ix_measure_runs_as_of"), ["as_of"], unique=False)

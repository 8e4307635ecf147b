"""views 0002: share columns as double precision on both databases

PostgreSQL returned ``numeric`` for ``1.0 * a / b`` while SQLite returned a float, so the same
data read differently; shares are now cast to DOUBLE PRECISION in v_weekly_coverage and
v_object_mix.

Revision ID: 5b1f0c2d9e71
Revises: 74855cf1b4b3
Create Date: 2026-11-26 07:05:00
"""

from collections.abc import Sequence

from storage.views import create_views

revision: str = "5b1f0c2d9e71"
down_revision: str | None = "74855cf1b4b3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_views("0002", drop_first=True)


def downgrade() -> None:
    create_views("0001", drop_first=True)

"""sources.discovered_at: when a council's discovery last settled (issue 16 item 8)

Set when the discovery of a council's site ends, whether it found feeds or not (an answered
homepage probed to the end, or a homepage that could not be read). A site whose discovery was
cut short (SIGINT/SIGTERM, a crash, a lost worker) keeps its old value. ``aict sources discover
--skip-since TIME`` skips the councils settled since TIME, so a discovery of thousands of sites
that was stopped resumes where it stopped instead of probing every site again.

Revision ID: e4a7c1d9f253
Revises: c5f1e8a2d9b4
Create Date: 2026-12-04 22:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from models.base import UTCDateTime
from storage.views import create_views, drop_views

revision: str = "e4a7c1d9f253"
down_revision: str | None = "c5f1e8a2d9b4"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.add_column(sa.Column("discovered_at", UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    # SQLite's batch mode rebuilds the table by renaming it, which fails while views use it.
    drop_views()
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.drop_column("discovered_at")
    create_views("0007")

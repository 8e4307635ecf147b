"""source quarantine and TLS flag

``sources.status`` (``active`` / ``suspect``, A21: a council domain that changed hands or became a
parking page is quarantined, its old articles kept, its new content never digested) and
``feeds.tls_verified`` (A19: a certificate that does not verify is recorded, not dropped).

Revision ID: a107dc427198
Revises: f48f0887c287
Create Date: 2026-11-26 09:54:35.344680
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from models.base import UTCDateTime
from storage.views import create_views, drop_views

revision: str = "a107dc427198"
down_revision: str | None = "f48f0887c287"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("feeds", schema=None) as batch_op:
        batch_op.add_column(sa.Column("tls_verified", sa.Boolean(), nullable=True))

    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("status", sa.String(length=16), server_default="active", nullable=False)
        )
        batch_op.add_column(sa.Column("status_reason", sa.Text(), nullable=True))
        batch_op.add_column(
            sa.Column("status_changed_at", UTCDateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    # SQLite's batch mode rebuilds the table by renaming it, which fails while views use it.
    drop_views()
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.drop_column("status_changed_at")
        batch_op.drop_column("status_reason")
        batch_op.drop_column("status")

    with op.batch_alter_table("feeds", schema=None) as batch_op:
        batch_op.drop_column("tls_verified")
    create_views("0002")

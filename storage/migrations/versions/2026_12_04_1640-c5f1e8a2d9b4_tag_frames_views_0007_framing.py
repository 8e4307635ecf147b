"""tag_frames and views 0007: v_framing (issue 15 items 3 and 4)

The tagger gives every AICT item a frame distribution over solidarity, reciprocity, interest
and institutional (nlp/framing.py); ``tag_frames`` stores it, one row per frame, beside
``tag_objects`` and ``tag_countries`` (the ``tags`` row keeps its columns). ``v_framing``
(year × month × channel × object × frame: items and the frame's mean share) reads it. Existing
tags have no frames until the next ``aict tag``: the framing weights are part of
``nlp_version``, so the new version re-tags every article.

Revision ID: c5f1e8a2d9b4
Revises: 7816bdaa80b6
Create Date: 2026-12-04 16:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from storage.views import create_views

revision: str = "c5f1e8a2d9b4"
down_revision: str | None = "7816bdaa80b6"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "tag_frames",
        sa.Column("article_id", sa.String(length=32), nullable=False),
        sa.Column("frame", sa.String(length=16), nullable=False),
        sa.Column("share", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["tags.article_id"],
            name=op.f("fk_tag_frames_article_id_tags"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("article_id", "frame", name=op.f("pk_tag_frames")),
    )
    create_views("0007")


def downgrade() -> None:
    # create_views drops a view younger than the version it recreates (v_framing here).
    create_views("0006")
    op.drop_table("tag_frames")

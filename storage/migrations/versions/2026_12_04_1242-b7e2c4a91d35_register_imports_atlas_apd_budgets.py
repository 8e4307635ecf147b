"""public registers: register_imports, atlas_projects, apd_declarations, budget_lines (issue 15)

``aict registers import atlas|apd|budgets FILE`` stores each file's provenance in
``register_imports`` (unique per register, year and sha256) and its rows in one table per
register, each row pointing at its import. No view changes.

Revision ID: b7e2c4a91d35
Revises: 8d41b6e0c2f7
Create Date: 2026-12-04 12:42:41.184857
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from models.base import UTCDateTime

revision: str = "b7e2c4a91d35"
down_revision: str | None = "8d41b6e0c2f7"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "register_imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("register", sa.String(length=16), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=500), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("file_format", sa.String(length=40), nullable=False),
        sa.Column("imported_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("row_count", sa.Integer(), nullable=False),
        sa.Column("skipped_rows", sa.Integer(), nullable=False),
        sa.Column("replaced_at", UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_register_imports")),
        sa.UniqueConstraint(
            "register", "year", "sha256", name=op.f("uq_register_imports_register_year_sha256")
        ),
    )
    op.create_table(
        "apd_declarations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("collectivite_code", sa.String(length=40), nullable=False),
        sa.Column("country_iso2", sa.String(length=2), nullable=True),
        sa.Column("aid_type", sa.String(length=200), nullable=True),
        sa.Column("amount_eur", sa.Numeric(precision=16, scale=2), nullable=False),
        sa.ForeignKeyConstraint(
            ["collectivite_code"],
            ["collectivites.code"],
            name=op.f("fk_apd_declarations_collectivite_code_collectivites"),
        ),
        sa.ForeignKeyConstraint(
            ["import_id"],
            ["register_imports.id"],
            name=op.f("fk_apd_declarations_import_id_register_imports"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_apd_declarations")),
    )
    op.create_index(
        op.f("ix_apd_declarations_collectivite_code"),
        "apd_declarations",
        ["collectivite_code"],
        unique=False,
    )
    op.create_index(
        op.f("ix_apd_declarations_import_id"), "apd_declarations", ["import_id"], unique=False
    )
    op.create_index(op.f("ix_apd_declarations_year"), "apd_declarations", ["year"], unique=False)
    op.create_table(
        "atlas_projects",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("collectivite_code", sa.String(length=40), nullable=False),
        sa.Column("partner", sa.String(length=300), nullable=True),
        sa.Column("country_iso2", sa.String(length=2), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("themes", sa.Text(), nullable=True),
        sa.Column("start_year", sa.Integer(), nullable=True),
        sa.Column("end_year", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["collectivite_code"],
            ["collectivites.code"],
            name=op.f("fk_atlas_projects_collectivite_code_collectivites"),
        ),
        sa.ForeignKeyConstraint(
            ["import_id"],
            ["register_imports.id"],
            name=op.f("fk_atlas_projects_import_id_register_imports"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_atlas_projects")),
    )
    op.create_index(
        op.f("ix_atlas_projects_collectivite_code"),
        "atlas_projects",
        ["collectivite_code"],
        unique=False,
    )
    op.create_index(
        op.f("ix_atlas_projects_import_id"), "atlas_projects", ["import_id"], unique=False
    )
    op.create_index(op.f("ix_atlas_projects_year"), "atlas_projects", ["year"], unique=False)
    op.create_table(
        "budget_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("collectivite_code", sa.String(length=40), nullable=False),
        sa.Column("stage", sa.String(length=40), nullable=True),
        sa.Column("function_code", sa.String(length=20), nullable=False),
        sa.Column("function_label", sa.String(length=300), nullable=True),
        sa.Column("nature_code", sa.String(length=20), nullable=True),
        sa.Column("section", sa.String(length=20), nullable=True),
        sa.Column("direction", sa.String(length=20), nullable=True),
        sa.Column("amount_eur", sa.Numeric(precision=16, scale=2), nullable=False),
        sa.ForeignKeyConstraint(
            ["collectivite_code"],
            ["collectivites.code"],
            name=op.f("fk_budget_lines_collectivite_code_collectivites"),
        ),
        sa.ForeignKeyConstraint(
            ["import_id"],
            ["register_imports.id"],
            name=op.f("fk_budget_lines_import_id_register_imports"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_lines")),
    )
    op.create_index(
        op.f("ix_budget_lines_collectivite_code"),
        "budget_lines",
        ["collectivite_code"],
        unique=False,
    )
    op.create_index(op.f("ix_budget_lines_import_id"), "budget_lines", ["import_id"], unique=False)
    op.create_index(op.f("ix_budget_lines_year"), "budget_lines", ["year"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_budget_lines_year"), table_name="budget_lines")
    op.drop_index(op.f("ix_budget_lines_import_id"), table_name="budget_lines")
    op.drop_index(op.f("ix_budget_lines_collectivite_code"), table_name="budget_lines")
    op.drop_table("budget_lines")
    op.drop_index(op.f("ix_atlas_projects_year"), table_name="atlas_projects")
    op.drop_index(op.f("ix_atlas_projects_import_id"), table_name="atlas_projects")
    op.drop_index(op.f("ix_atlas_projects_collectivite_code"), table_name="atlas_projects")
    op.drop_table("atlas_projects")
    op.drop_index(op.f("ix_apd_declarations_year"), table_name="apd_declarations")
    op.drop_index(op.f("ix_apd_declarations_import_id"), table_name="apd_declarations")
    op.drop_index(op.f("ix_apd_declarations_collectivite_code"), table_name="apd_declarations")
    op.drop_table("apd_declarations")
    op.drop_table("register_imports")

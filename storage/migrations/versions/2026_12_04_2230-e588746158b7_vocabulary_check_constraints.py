"""vocabularies as CHECK constraints (issue 14 item 5)

``sources.kind`` and ``status``, ``feeds.kind`` and ``status``, ``fetch_events.status`` (the
fetch results and the article-page statuses) and the AICT object of ``tag_objects`` and
``actions`` accept only their vocabulary's values (models/vocab.py, models/taxonomy.py). The
models build the same lists from the enums; here they are written out, as a migration must not
change when the code does. A database holding another value is not touched: the upgrade names
the table, column and values to fix first.

SQLite cannot add a constraint to a table: batch mode rebuilds each table (foreign keys off
during migrations, ``storage.migrate.migration_transaction``) after the views that read them
are dropped, and recreates the views at 0007. PostgreSQL adds the constraints in place.

Revision ID: e588746158b7
Revises: e4a7c1d9f253
Create Date: 2026-12-04 22:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from storage.views import create_views, drop_views

revision: str = "e588746158b7"
down_revision: str | None = "e4a7c1d9f253"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OBJECTS = (
    "cooperation",
    "attractiveness",
    "emergency",
    "twinning",
    "european",
    "delegation",
    "networks",
    "citizenship",
)
_FETCH_RESULTS = ("ok", "not_modified", "error", "disallowed", "refused", "backoff")

#: table → column → its values, as of this revision.
CHECKS: dict[str, dict[str, tuple[str, ...]]] = {
    "sources": {"kind": ("press", "council"), "status": ("active", "suspect")},
    "feeds": {
        "kind": ("rss", "atom", "sitemap", "listing"),
        "status": (*_FETCH_RESULTS, "pending", "disabled"),
    },
    "fetch_events": {"status": (*_FETCH_RESULTS, "unrendered", "pages_failed")},
    "tag_objects": {"object": _OBJECTS},
    "actions": {"object": _OBJECTS},
}


def _condition(column: str, allowed: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(value) for value in allowed)})"


def _refuse_unknown_values() -> None:
    """Name every value outside its vocabulary, rather than fail on the first row."""
    conn = op.get_bind()
    found = []
    for table, columns in CHECKS.items():
        for column, allowed in columns.items():
            col = sa.column(column, sa.String)
            query = (
                sa.select(col)
                .select_from(sa.table(table, col))
                .where(col.not_in(allowed))
                .distinct()
                .limit(10)
            )
            bad = conn.execute(query).scalars().all()
            if bad:
                found.append(f"{table}.{column}: {', '.join(map(repr, bad))}")
    if found:
        raise RuntimeError("values outside their vocabulary, fix them first: " + "; ".join(found))


def upgrade() -> None:
    _refuse_unknown_values()
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:  # the rename that ends a table rebuild fails while views use the table
        drop_views()
    for table, columns in CHECKS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column, allowed in columns.items():
                batch_op.create_check_constraint(
                    op.f(f"ck_{table}_{column}"), _condition(column, allowed)
                )
    if sqlite:
        create_views("0007")


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        drop_views()
    for table, columns in reversed(CHECKS.items()):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in columns:
                batch_op.drop_constraint(op.f(f"ck_{table}_{column}"), type_="check")
    if sqlite:
        create_views("0007")

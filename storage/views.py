"""Officer views as versioned SQL files (``storage/views/NNNN/<view>.sql``), applied by migrations.

Each file holds the ``SELECT`` of one view, written to run unchanged on SQLite and PostgreSQL;
a version folder holds only the views that version changes.
A file ``<view>.postgresql.sql`` beside it overrides it on PostgreSQL where the dialects differ.
Migrations call :func:`create_views` with the version they introduce; downgrades call it with the
previous version (or :func:`drop_views`). A view added by a later version has no SQL at the
earlier ones: :func:`create_views` drops it there, so a downgrade removes it.
"""

from __future__ import annotations

from pathlib import Path

from alembic import op

VIEWS_DIR = Path(__file__).with_name("views")

#: The officer views of design.md, in dependency order (the registers views since 0006,
#: v_framing since 0007).
VIEW_NAMES: tuple[str, ...] = (
    "v_articles",
    "v_aict_mentions",
    "v_weekly_coverage",
    "v_object_mix",
    "v_relay",
    "v_partner_geography",
    "v_silent_actions",
    "v_source_health",
    "v_registers",
    "v_ldc_trend",
    "v_framing",
)


def view_sql(version: str, name: str, dialect: str) -> str | None:
    """The SELECT of ``name`` at ``version`` for ``dialect``; None when the view is younger.

    A version folder holds only the views it changes; the others come from the latest earlier
    version that has them.
    """
    versions = sorted(p.name for p in VIEWS_DIR.iterdir() if p.is_dir() and p.name <= version)
    for folder in (VIEWS_DIR / v for v in reversed(versions)):
        for candidate in (folder / f"{name}.{dialect}.sql", folder / f"{name}.sql"):
            if candidate.exists():
                return candidate.read_text(encoding="utf-8").strip().rstrip(";")
    return None


def create_views(version: str, *, drop_first: bool = False) -> None:
    """(Re)create every view at ``version`` inside the running migration.

    ``drop_first`` is for versions that change a column's type or order, which
    PostgreSQL's ``CREATE OR REPLACE VIEW`` refuses (grants are re-applied by ``aict init``).
    """
    dialect = op.get_bind().dialect.name
    if drop_first:
        drop_views()
    for name in VIEW_NAMES:
        body = view_sql(version, name, dialect)
        if body is None:
            # Not yet at this version (a downgrade past the version that added it).
            op.execute(f"DROP VIEW IF EXISTS {name}")
            continue
        if dialect == "postgresql":
            # Keeps grants on the view; a version that changes columns drops it first.
            op.execute(f"CREATE OR REPLACE VIEW {name} AS\n{body}")
        else:
            op.execute(f"DROP VIEW IF EXISTS {name}")
            op.execute(f"CREATE VIEW {name} AS\n{body}")


def drop_views() -> None:
    """Drop every officer view."""
    for name in reversed(VIEW_NAMES):
        op.execute(f"DROP VIEW IF EXISTS {name}")

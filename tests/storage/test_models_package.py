"""The ``models`` package imports its SQLAlchemy modules on the first read of one of its names:
the taxonomy alone stays light (the tagger's start), and every table is still registered for
Alembic and ``from models import …``."""

from __future__ import annotations

import models
from tests.support.fresh import fresh_python


def test_taxonomy_alone_does_not_import_sqlalchemy_and_any_name_registers_every_table() -> None:
    script = (
        "import sys\n"
        "from models.taxonomy import OBJECT_IDS\n"
        "assert 'sqlalchemy' not in sys.modules, 'the taxonomy imported SQLAlchemy'\n"
        "import models\n"
        "print(len(models.Base.metadata.tables))\n"
    )
    assert int(fresh_python(script, timeout=120)) == len(models.Base.metadata.tables) >= 20


def test_every_exported_name_resolves_and_unknown_names_fail() -> None:
    for name in models.__all__:
        assert getattr(models, name) is not None, name
    try:
        models.NoSuchModel  # type: ignore[attr-defined]  # noqa: B018
    except AttributeError as exc:
        assert "NoSuchModel" in str(exc)
    else:
        raise AssertionError("an unknown name resolved")

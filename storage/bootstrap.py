"""`aict init`: upgrade the schema, load reference data (and, once present, the sources registry).

Everything is idempotent; each step runs in its own transaction, so a failure leaves the
database at the last completed step, never half-way through one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Engine

from storage import migrate
from storage.engine import write_session
from storage.officer import regrant_officers
from storage.reference import load_reference

#: Extra init steps registered by other packages (e.g. the bundled sources registry).
InitStep = Callable[[Engine], dict[str, int]]


@dataclass
class InitReport:
    """What ``init`` did, for the CLI to print."""

    revision: list[str] = field(default_factory=list)
    loaded: dict[str, int] = field(default_factory=dict)


def init_database(engine: Engine, extra_steps: list[InitStep] | None = None) -> InitReport:
    """Upgrade to head, then load reference data and any ``extra_steps``."""
    report = InitReport()
    migrate.upgrade(engine)
    report.revision = migrate.heads()
    with write_session(engine) as session:
        report.loaded.update(load_reference(session))
    for step in extra_steps or []:
        report.loaded.update(step(engine))
    # Migrations may have recreated views: officer roles get their grants back.
    report.loaded.update(regrant_officers(engine))
    return report

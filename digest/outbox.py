"""The digest outbox (P-F3): at most one digest per (week, recipient), under any crash.

States: ``pending`` → ``sending`` (committed *before* SMTP) → ``sent`` (after the server
accepted). ``failed`` is a refusal by the server, safe to retry. A row left in ``sending`` means
the process stopped while the message was in flight: it may have been delivered, so it is never
resent automatically; it is reported for reconciliation (exit code 4).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Engine, select, update

from models import DigestOutbox
from models.base import utcnow
from storage.engine import affected_rows, read_engine, write_session
from storage.upserts import upsert_outbox

RETRYABLE = ("pending", "failed")


def ensure_rows(engine: Engine, week: str, rows: Iterable[tuple[str, str, str]]) -> None:
    """Create missing (recipient, message_id, subject) rows as ``pending``; others untouched."""
    values = [
        {"week": week, "recipient": r, "message_id": mid, "subject": subj, "state": "pending"}
        for r, mid, subj in rows
    ]
    with write_session(engine) as session:
        upsert_outbox(session, values)


def states(engine: Engine, week: str) -> dict[str, str]:
    """recipient → state for ``week``."""
    stmt = select(DigestOutbox.recipient, DigestOutbox.state).where(DigestOutbox.week == week)
    with read_engine(engine).connect() as conn:
        return {r: s for r, s in conn.execute(stmt)}


def claim(engine: Engine, week: str, recipient: str) -> bool:
    """Move a retryable row to ``sending`` and COMMIT; False when another run got there first."""
    stmt = (
        update(DigestOutbox)
        .where(
            DigestOutbox.week == week,
            DigestOutbox.recipient == recipient,
            DigestOutbox.state.in_(RETRYABLE),
        )
        .values(state="sending", attempts=DigestOutbox.attempts + 1, error=None)
    )
    with write_session(engine) as session:
        return affected_rows(session.execute(stmt)) == 1


def mark_sent(engine: Engine, week: str, recipient: str) -> None:
    """The server accepted the message."""
    _finish(engine, week, recipient, state="sent", sent_at=utcnow())


def mark_failed(engine: Engine, week: str, recipient: str, error: str) -> None:
    """The server refused the message: it can be retried by a later run."""
    _finish(engine, week, recipient, state="failed", error=error[:500])


def _finish(engine: Engine, week: str, recipient: str, **values: object) -> None:
    stmt = (
        update(DigestOutbox)
        .where(
            DigestOutbox.week == week,
            DigestOutbox.recipient == recipient,
            DigestOutbox.state == "sending",
        )
        .values(**values)
    )
    with write_session(engine) as session:
        session.execute(stmt)

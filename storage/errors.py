"""Turning database failures into one readable line for the CLI (no traceback, exit 1)."""

from __future__ import annotations


class StorageError(Exception):
    """A database problem explained in one line (bad URL, unreachable server, read-only file…)."""


def describe(exc: BaseException) -> str:
    """One readable line for a database exception, without the SQL or the stack."""
    text = str(getattr(exc, "orig", None) or exc).strip()
    first = text.splitlines()[0] if text else exc.__class__.__name__
    lowered = text.lower()
    if "fatal:" in lowered and "connection refused" not in lowered:
        reason = text[lowered.index("fatal:") + 6 :].strip().splitlines()[0]
        return f"database refused the connection: {reason}"
    if "password authentication failed" in lowered:
        return "database refused the credentials (password authentication failed)"
    if (
        "connection refused" in lowered
        or "could not connect" in lowered
        or "connection failed" in lowered
    ):
        return f"database unreachable: {first}"
    if "readonly database" in lowered or "read-only" in lowered:
        return "database file is read-only (attempt to write a readonly database)"
    if "unable to open database file" in lowered:
        return "cannot open the SQLite file (missing folder or no permission)"
    return first[:300]

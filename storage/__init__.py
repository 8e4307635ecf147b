"""Storage: engines, sessions, idempotent upserts, Alembic migrations, officer views, reference data.

No module-level engine: callers build one with :func:`storage.engine.make_engine` and pass it down.
"""

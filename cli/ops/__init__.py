"""Operational helpers the Airflow DAGs call: the DAG files stay orchestration only.

One concern per module: ``connections`` (Airflow connection or environment → URLs),
``runner`` (one ``aict`` command in its own process, stopped gracefully), ``jobs`` (the
job directory of each crawl task instance, pruning), ``batches`` (due sources in bounded
batches), ``rundates`` (run dates → Paris dates and weeks), ``maintenance`` (retention,
VACUUM/ANALYZE) and ``backup`` (online SQLite backup checked with ``integrity_check``).
Airflow is imported lazily inside functions, so the CLI never needs it.
"""

"""The Airflow adapter: what the DAG files need to run the pipeline's ``aict`` commands.

With ``dags/``, the only package that imports Airflow (a test checks it). One concern per
module: ``assets`` (the Assets chaining crawl → tag → measure), ``policy`` (retries, timeouts,
pools), ``connections`` (Airflow connection or environment → URLs, and the engine a task
opens), ``rundates`` (run dates → Paris dates and weeks), ``runner`` (one ``aict`` command in
its own process, stopped gracefully) under ``onestop`` (one stop signal only), ``hostname``
(the host name a try records), ``jobs`` (each crawl task instance's job directory),
``batches`` (a run's batches: listed, recorded, turned into ``aict crawl`` arguments, judged)
and ``fanout`` (the batch DAGs' shared task group). Domain rules live in their packages:
scheduling in :mod:`crawlers.plan`, job-directory pruning in :mod:`crawlers.jobdir`,
retention, VACUUM and backup in :mod:`storage.maintenance` — each an ``aict`` command.
"""

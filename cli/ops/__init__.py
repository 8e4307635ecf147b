"""Left-over of the Airflow adapter, which moved to ``orchestration/`` (issue 14 item 2).

Only :mod:`cli.ops.batches` remains, a re-export for ``benchmarks/bench_scale.py`` (edited by
another change at the time of the move); delete this package once it imports
``crawlers.plan.batches``.
"""

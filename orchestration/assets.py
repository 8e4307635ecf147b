"""The Assets that chain the DAGs: crawl → tag → measure (data-aware scheduling).

Declared once so producer and consumer DAGs cannot drift apart; only ``airflow.sdk`` is
imported, which DAG files import anyway.
"""

from __future__ import annotations

from airflow.sdk import Asset

PRESS_CRAWLED = Asset(name="aict_press_crawled", uri="aict://crawl/press")
COUNCILS_CRAWLED = Asset(name="aict_councils_crawled", uri="aict://crawl/councils")
TAGGED = Asset(name="aict_tagged", uri="aict://tag/articles")
MEASURED = Asset(name="aict_measured", uri="aict://measure/metrics")

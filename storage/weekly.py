"""The weekly counts behind ``v_weekly_coverage``, rebuilt in SQL by ``aict measure``.

A live view had to aggregate every article and its tag before any week filter applied (the filter
sits on the outer side of LEFT JOINs, which neither database pushes into the aggregates): 3.5 s on
PostgreSQL and 15 s on SQLite for one officer question at a million articles. The counts change
only when articles are crawled or tagged, and the pipeline always measures after tagging, so
``aict measure`` rebuilds them in its own transaction and the view reads a small table.

Rows: every week a source has articles or a fetch, times "all objects" (``object = ''``) and each
of the eight objects. ``complete``: every feed of the source polled that week had a successful
fetch on each of its 7 days (else the week is a collection gap, not silence).
"""

from __future__ import annotations

from sqlalchemy import Connection, text

from models.taxonomy import OBJECT_IDS

# One aggregate over three partial counts (UNION ALL) rather than LEFT JOINs between them:
# SQLite joined the materialised counts by scanning them once per source-week. The AICT counts
# start from the tags (``CROSS JOIN`` fixes SQLite's join order; PostgreSQL plans it freely):
# starting from the million articles took SQLite 7 s.
_ALL_OBJECTS = text(
    """
    WITH feed_days AS (
        SELECT f.source_id AS source_id, h.week AS week, h.feed_id AS feed_id,
               SUM(CASE WHEN h.successes > 0 THEN 1 ELSE 0 END) AS ok_days
        FROM feed_health_daily h JOIN feeds f ON f.id = h.feed_id
        GROUP BY f.source_id, h.week, h.feed_id
    ),
    parts AS (
        SELECT source_id, week, COUNT(*) AS articles, 0 AS aict_articles,
               CAST(NULL AS INTEGER) AS ok_days
        FROM articles GROUP BY source_id, week
        UNION ALL
        SELECT a.source_id, a.week, 0, COUNT(*), CAST(NULL AS INTEGER)
        FROM tags t CROSS JOIN articles a
        WHERE a.id = t.article_id AND t.is_aict = TRUE
        GROUP BY a.source_id, a.week
        UNION ALL
        SELECT source_id, week, 0, 0, MIN(ok_days)
        FROM feed_days GROUP BY source_id, week
    )
    INSERT INTO weekly_counts (source_id, week, object, articles, aict_articles, complete)
    SELECT source_id, week, '', SUM(articles), SUM(aict_articles),
           CASE WHEN MIN(ok_days) >= 7 THEN TRUE ELSE FALSE END
    FROM parts
    GROUP BY source_id, week
    """
)


#: The taxonomy's objects as rows: ``SELECT CAST('cooperation' AS VARCHAR(20)) AS object
#: UNION ALL SELECT 'attractiveness' …`` (the views, frozen SQL, write the same list out).
_OBJECT_ROWS = "\n        UNION ALL ".join(
    [f"SELECT CAST('{OBJECT_IDS[0]}' AS VARCHAR(20)) AS object"]
    + [f"SELECT '{obj}'" for obj in OBJECT_IDS[1:]]
)

#: The eight per-object rows of every source-week, from its "all objects" row.
_PER_OBJECT = text(
    f"""
    WITH objects AS (
        {_OBJECT_ROWS}
    ),
    object_counts AS (
        SELECT a.source_id AS source_id, a.week AS week, o.object AS object,
               COUNT(*) AS aict_articles
        FROM tag_objects o CROSS JOIN tags t CROSS JOIN articles a
        WHERE t.article_id = o.article_id AND t.is_aict = TRUE AND a.id = o.article_id
        GROUP BY a.source_id, a.week, o.object
    )
    INSERT INTO weekly_counts (source_id, week, object, articles, aict_articles, complete)
    SELECT w.source_id, w.week, ob.object, w.articles, COALESCE(oc.aict_articles, 0), w.complete
    FROM weekly_counts w
    CROSS JOIN objects ob
    LEFT JOIN object_counts oc
        ON oc.source_id = w.source_id AND oc.week = w.week AND oc.object = ob.object
    WHERE w.object = ''
    """  # noqa: S608 - the taxonomy's constant ids, no input
)


def refresh_weekly_counts(conn: Connection) -> int:
    """Rebuild ``weekly_counts`` inside the caller's transaction; returns the rows written."""
    conn.execute(text("DELETE FROM weekly_counts"))
    written = conn.execute(_ALL_OBJECTS).rowcount
    return written + conn.execute(_PER_OBJECT).rowcount

-- One row per ISO week × source × object (object NULL = all objects), for every week the
-- source was crawled or has articles. complete: every feed of the source that was polled that
-- week had a successful fetch on each of its 7 days (else the week is a collection gap).
WITH source_weeks AS (
    SELECT source_id, week FROM articles
    UNION
    SELECT f.source_id, h.week FROM feed_health_daily h JOIN feeds f ON f.id = h.feed_id
),
objects AS (
    SELECT CAST(NULL AS VARCHAR(20)) AS object
    UNION ALL SELECT 'cooperation' UNION ALL SELECT 'attractiveness' UNION ALL SELECT 'emergency'
    UNION ALL SELECT 'twinning' UNION ALL SELECT 'european' UNION ALL SELECT 'delegation'
    UNION ALL SELECT 'networks' UNION ALL SELECT 'citizenship'
),
feed_days AS (
    SELECT f.source_id AS source_id, h.week AS week, h.feed_id AS feed_id,
           SUM(CASE WHEN h.successes > 0 THEN 1 ELSE 0 END) AS ok_days
    FROM feed_health_daily h JOIN feeds f ON f.id = h.feed_id
    GROUP BY f.source_id, h.week, h.feed_id
),
completeness AS (
    SELECT source_id, week, MIN(ok_days) AS min_ok_days
    FROM feed_days GROUP BY source_id, week
),
counts AS (
    SELECT a.source_id AS source_id, a.week AS week,
           COUNT(*) AS articles,
           SUM(CASE WHEN t.is_aict = TRUE THEN 1 ELSE 0 END) AS aict_articles
    FROM articles a LEFT JOIN tags t ON t.article_id = a.id
    GROUP BY a.source_id, a.week
),
object_counts AS (
    SELECT a.source_id AS source_id, a.week AS week, o.object AS object, COUNT(*) AS aict_articles
    FROM articles a
    JOIN tags t ON t.article_id = a.id AND t.is_aict = TRUE
    JOIN tag_objects o ON o.article_id = a.id
    GROUP BY a.source_id, a.week, o.object
)
SELECT
    sw.week AS week,
    s.slug AS source_slug,
    ob.object AS object,
    COALESCE(c.articles, 0) AS articles,
    CASE WHEN ob.object IS NULL THEN COALESCE(c.aict_articles, 0)
         ELSE COALESCE(oc.aict_articles, 0) END AS aict_articles,
    CASE WHEN COALESCE(c.articles, 0) = 0 THEN NULL
         WHEN ob.object IS NULL THEN CAST(COALESCE(c.aict_articles, 0) AS DOUBLE PRECISION) / c.articles
         ELSE CAST(COALESCE(oc.aict_articles, 0) AS DOUBLE PRECISION) / c.articles END AS share,
    s.circulation AS audience,
    CASE WHEN cp.min_ok_days >= 7 THEN TRUE ELSE FALSE END AS complete
FROM source_weeks sw
JOIN sources s ON s.id = sw.source_id
CROSS JOIN objects ob
LEFT JOIN counts c ON c.source_id = sw.source_id AND c.week = sw.week
LEFT JOIN object_counts oc
    ON oc.source_id = sw.source_id AND oc.week = sw.week AND oc.object = ob.object
LEFT JOIN completeness cp ON cp.source_id = sw.source_id AND cp.week = sw.week

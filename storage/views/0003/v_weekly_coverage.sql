-- One row per ISO week × source × object (object NULL = all objects), for every week the
-- source was crawled or has articles, as of the latest `aict measure` (which rebuilds
-- weekly_counts: see storage/weekly.py). complete: every feed of the source that was polled
-- that week had a successful fetch on each of its 7 days (else the week is a collection gap).
SELECT
    w.week AS week,
    s.slug AS source_slug,
    CAST(CASE WHEN w.object = '' THEN NULL ELSE w.object END AS VARCHAR(20)) AS object,
    w.articles AS articles,
    w.aict_articles AS aict_articles,
    CASE WHEN w.articles = 0 THEN NULL
         ELSE CAST(w.aict_articles AS DOUBLE PRECISION) / w.articles END AS share,
    s.circulation AS audience,
    w.complete AS complete
FROM weekly_counts w
JOIN sources s ON s.id = w.source_id

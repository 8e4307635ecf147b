-- One row per month × partner country: council AICT items and press AICT articles naming it
-- (syndicated press copies counted once), with the LDC flag and UN region.
WITH named AS (
    SELECT DISTINCT a.month AS month, tc.country_iso2 AS country_iso2, s.kind AS channel,
           COALESCE(a.syndicated_of, a.id) AS item_id
    FROM tag_countries tc
    JOIN tags t ON t.article_id = tc.article_id AND t.is_aict = TRUE
    JOIN articles a ON a.id = tc.article_id
    JOIN sources s ON s.id = a.source_id
)
SELECT
    n.month AS month,
    n.country_iso2 AS country_iso2,
    c.name_fr AS country_name,
    COALESCE(c.is_ldc, FALSE) AS is_ldc,
    c.un_region AS un_region,
    COUNT(DISTINCT CASE WHEN n.channel = 'council' THEN n.item_id END) AS council_actions,
    COUNT(DISTINCT CASE WHEN n.channel = 'press' THEN n.item_id END) AS press_articles
FROM named n
LEFT JOIN countries c ON c.iso2 = n.country_iso2
GROUP BY n.month, n.country_iso2, c.name_fr, c.is_ldc, c.un_region

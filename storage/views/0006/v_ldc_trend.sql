-- One row per year × country group (is_ldc: the partner country is on the UN list of Least
-- Developed Countries, today's list for every year): Atlas projects, APD euros allocated to a
-- country, council AICT items and press AICT articles naming a partner country of the group
-- (syndicated copies once), each also as a share of the year. An item naming countries of both
-- groups counts in both, so its two shares may add up to more than 1.
WITH facts AS (
    SELECT ap.year AS year, COALESCE(c.is_ldc, FALSE) AS is_ldc, 'atlas' AS what,
           CAST(ap.id AS VARCHAR(40)) AS item_id, CAST(0 AS NUMERIC(18, 2)) AS euros
    FROM atlas_projects ap LEFT JOIN countries c ON c.iso2 = ap.country_iso2
    UNION ALL
    SELECT d.year, COALESCE(c.is_ldc, FALSE), 'apd', CAST(d.id AS VARCHAR(40)), d.amount_eur
    FROM apd_declarations d LEFT JOIN countries c ON c.iso2 = d.country_iso2
    WHERE d.country_iso2 IS NOT NULL
    UNION ALL
    SELECT CAST(SUBSTR(a.month, 1, 4) AS INTEGER), COALESCE(c.is_ldc, FALSE), s.kind,
           COALESCE(a.syndicated_of, a.id), 0
    FROM tag_countries tc
    JOIN tags t ON t.article_id = tc.article_id AND t.is_aict = TRUE
    JOIN articles a ON a.id = tc.article_id
    JOIN sources s ON s.id = a.source_id
    LEFT JOIN countries c ON c.iso2 = tc.country_iso2
),
grouped AS (
    SELECT year, is_ldc,
           COUNT(DISTINCT CASE WHEN what = 'atlas' THEN item_id END) AS atlas_projects,
           SUM(CASE WHEN what = 'apd' THEN euros ELSE 0 END) AS apd_eur,
           COUNT(DISTINCT CASE WHEN what = 'council' THEN item_id END) AS council_items,
           COUNT(DISTINCT CASE WHEN what = 'press' THEN item_id END) AS press_articles
    FROM facts GROUP BY year, is_ldc
),
years AS (
    SELECT year,
           COUNT(DISTINCT CASE WHEN what = 'atlas' THEN item_id END) AS atlas_projects,
           SUM(CASE WHEN what = 'apd' THEN euros ELSE 0 END) AS apd_eur,
           COUNT(DISTINCT CASE WHEN what = 'council' THEN item_id END) AS council_items,
           COUNT(DISTINCT CASE WHEN what = 'press' THEN item_id END) AS press_articles
    FROM facts GROUP BY year
),
groups AS (
    SELECT TRUE AS is_ldc UNION ALL SELECT FALSE
)
SELECT
    y.year AS year,
    gr.is_ldc AS is_ldc,
    CAST(COALESCE(g.atlas_projects, 0) AS INTEGER) AS atlas_projects,
    CAST(COALESCE(g.apd_eur, 0) AS NUMERIC(18, 2)) AS apd_eur,
    CAST(COALESCE(g.council_items, 0) AS INTEGER) AS council_items,
    CAST(COALESCE(g.press_articles, 0) AS INTEGER) AS press_articles,
    CASE WHEN y.atlas_projects = 0 THEN NULL
         ELSE CAST(COALESCE(g.atlas_projects, 0) AS DOUBLE PRECISION) / y.atlas_projects
    END AS atlas_projects_share,
    CASE WHEN y.apd_eur = 0 THEN NULL
         ELSE CAST(COALESCE(g.apd_eur, 0) AS DOUBLE PRECISION) / CAST(y.apd_eur AS DOUBLE PRECISION)
    END AS apd_eur_share,
    CASE WHEN y.council_items = 0 THEN NULL
         ELSE CAST(COALESCE(g.council_items, 0) AS DOUBLE PRECISION) / y.council_items
    END AS council_items_share,
    CASE WHEN y.press_articles = 0 THEN NULL
         ELSE CAST(COALESCE(g.press_articles, 0) AS DOUBLE PRECISION) / y.press_articles
    END AS press_articles_share
FROM years y
CROSS JOIN groups gr
LEFT JOIN grouped g ON g.year = y.year AND g.is_ldc = gr.is_ldc

-- One row per year × collectivité that has a register row or an AICT item that year: Atlas
-- projects (snapshot of that year), APD euros declared for that year, budget euros of the
-- international-action functions (expenditure; the realised stage CA/CFU when the file has it,
-- else the voted stages), and, as of the latest `aict measure` (collectivite_year_counts), its
-- council's AICT items, how many were relayed, and the press AICT articles naming it.
WITH realised AS (
    SELECT DISTINCT year, collectivite_code
    FROM budget_lines
    WHERE UPPER(COALESCE(stage, '')) IN ('CA', 'CFU', 'COMPTE ADMINISTRATIF',
                                          'COMPTE FINANCIER UNIQUE')
),
budget AS (
    SELECT b.year AS year, b.collectivite_code AS code, SUM(b.amount_eur) AS euros
    FROM budget_lines b
    LEFT JOIN realised r ON r.year = b.year AND r.collectivite_code = b.collectivite_code
    WHERE UPPER(SUBSTR(COALESCE(b.direction, 'D'), 1, 1)) = 'D'
      AND (r.year IS NULL
           OR UPPER(COALESCE(b.stage, '')) IN ('CA', 'CFU', 'COMPTE ADMINISTRATIF',
                                                'COMPTE FINANCIER UNIQUE'))
    GROUP BY b.year, b.collectivite_code
),
parts AS (
    SELECT year, collectivite_code AS code, COUNT(*) AS atlas_projects,
           CAST(0 AS NUMERIC(18, 2)) AS apd_eur, CAST(0 AS NUMERIC(18, 2)) AS budget_eur,
           0 AS council_items, 0 AS relayed_items, 0 AS press_articles
    FROM atlas_projects GROUP BY year, collectivite_code
    UNION ALL
    SELECT year, collectivite_code, 0, SUM(amount_eur), 0, 0, 0, 0
    FROM apd_declarations GROUP BY year, collectivite_code
    UNION ALL
    SELECT year, code, 0, 0, euros, 0, 0, 0 FROM budget
    UNION ALL
    SELECT year, collectivite_code, 0, 0, 0, council_items, relayed_items, press_articles
    FROM collectivite_year_counts
)
SELECT
    p.year AS year,
    p.code AS collectivite_code,
    c.name AS collectivite_name,
    c.kind AS collectivite_kind,
    c.departement_code AS departement_code,
    c.region_code AS region_code,
    rg.name AS region_name,
    CAST(SUM(p.atlas_projects) AS INTEGER) AS atlas_projects,
    CAST(SUM(p.apd_eur) AS NUMERIC(18, 2)) AS apd_eur,
    CAST(SUM(p.budget_eur) AS NUMERIC(18, 2)) AS budget_eur,
    CAST(SUM(p.council_items) AS INTEGER) AS council_items,
    CAST(SUM(p.relayed_items) AS INTEGER) AS relayed_items,
    CAST(SUM(p.press_articles) AS INTEGER) AS press_articles,
    CASE WHEN SUM(p.council_items) = 0 THEN NULL
         ELSE CAST(SUM(p.relayed_items) AS DOUBLE PRECISION) / SUM(p.council_items)
    END AS relayed_share
FROM parts p
JOIN collectivites c ON c.code = p.code
LEFT JOIN collectivites rg ON rg.code = 'reg:' || c.region_code
GROUP BY p.year, p.code, c.name, c.kind, c.departement_code, c.region_code, rg.name

-- One row per action × object with no press coverage up to the latest measure's as_of.
-- days_without_coverage is computed by `aict measure` against that as_of. corrected: a council
-- item whose tag values come from a person's correction (never for imported partnerships or
-- Atlas projects). is_ldc: the partner country is on the UN list of Least Developed Countries.
SELECT
    ac.id AS action_id,
    ac.actor_codes AS actor_codes,
    ac.actor_name AS actor_name,
    ac.object AS object,
    ac.partner AS partner,
    ac.country_iso2 AS country_iso2,
    ac.action_date AS action_date,
    ac.origin AS origin,
    ac.days_without_coverage AS days_without_coverage,
    CASE WHEN t.corrected = TRUE THEN TRUE ELSE FALSE END AS corrected,
    CASE WHEN c.is_ldc = TRUE THEN TRUE ELSE FALSE END AS is_ldc
FROM actions ac
LEFT JOIN tags t ON t.article_id = ac.article_id
LEFT JOIN countries c ON c.iso2 = ac.country_iso2
WHERE ac.covered = FALSE

-- One row per AICT article × object. corrected: the values come from a person's correction
-- (aict tags correct); the object's score is then 1.0.
SELECT
    a.id AS article_id,
    s.slug AS source_slug,
    s.kind AS source_kind,
    a.published_at AS published_at,
    o.object AS object,
    o.score AS score,
    t.actor_codes AS actor_codes,
    t.partner_countries AS partner_countries,
    CASE WHEN t.corrected = TRUE THEN TRUE ELSE FALSE END AS corrected
FROM tag_objects o
JOIN tags t ON t.article_id = o.article_id
JOIN articles a ON a.id = o.article_id
JOIN sources s ON s.id = a.source_id
WHERE t.is_aict = TRUE

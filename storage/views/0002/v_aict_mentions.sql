-- One row per AICT article × object.
SELECT
    a.id AS article_id,
    s.slug AS source_slug,
    s.kind AS source_kind,
    a.published_at AS published_at,
    o.object AS object,
    o.score AS score,
    t.actor_codes AS actor_codes,
    t.partner_countries AS partner_countries
FROM tag_objects o
JOIN tags t ON t.article_id = o.article_id
JOIN articles a ON a.id = o.article_id
JOIN sources s ON s.id = a.source_id
WHERE t.is_aict = TRUE

-- One row per article. is_aict is NULL until the article is tagged. published_date is the
-- Europe/Paris calendar day of published_at (computed in Python when the row is written).
-- corrected: the tag values come from a person's correction (aict tags correct).
SELECT
    a.id AS article_id,
    s.slug AS source_slug,
    s.kind AS source_kind,
    a.url AS url,
    a.title AS title,
    a.text AS text,
    a.published_at AS published_at,
    a.first_seen_at AS first_seen_at,
    a.language AS language,
    a.paywalled AS paywalled,
    t.is_aict AS is_aict,
    COALESCE(t.objects, '') AS objects,
    a.published_date AS published_date,
    CASE WHEN t.corrected = TRUE THEN TRUE ELSE FALSE END AS corrected
FROM articles a
JOIN sources s ON s.id = a.source_id
LEFT JOIN tags t ON t.article_id = a.id

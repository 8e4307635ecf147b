-- One row per article. is_aict is NULL until the article is tagged.
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
    COALESCE(t.objects, '') AS objects
FROM articles a
JOIN sources s ON s.id = a.source_id
LEFT JOIN tags t ON t.article_id = a.id

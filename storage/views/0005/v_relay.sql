-- One row per council AICT item × object, with its relay outcome as of the latest measure.
-- corrected: the council item's tag values come from a person's correction.
SELECT
    a.id AS council_article_id,
    t.actor_codes AS actor_codes,
    o.object AS object,
    COALESCE(a.published_at, a.first_seen_at) AS published_at,
    CASE WHEN rs.relayed = TRUE THEN TRUE ELSE FALSE END AS relayed,
    rs.first_press_at AS first_press_at,
    rs.lag_days AS lag_days,
    COALESCE(rs.press_outlets, '') AS press_outlets,
    rs.similarity AS similarity,
    rs.reuse_ratio AS reuse_ratio,
    CASE WHEN t.corrected = TRUE THEN TRUE ELSE FALSE END AS corrected
FROM articles a
JOIN sources s ON s.id = a.source_id AND s.kind = 'council'
JOIN tags t ON t.article_id = a.id AND t.is_aict = TRUE
JOIN tag_objects o ON o.article_id = a.id
LEFT JOIN relay_summaries rs ON rs.council_article_id = a.id

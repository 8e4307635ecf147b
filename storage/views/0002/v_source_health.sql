-- One row per feed: its state for operators (failures are weighted: 1 / 0.5 / 0.25).
SELECT
    s.slug AS source_slug,
    f.url AS feed_url,
    CASE WHEN s.enabled = FALSE THEN 'disabled' ELSE f.status END AS status,
    f.last_success_at AS last_success_at,
    f.last_error AS last_error,
    f.failures AS failures
FROM feeds f
JOIN sources s ON s.id = f.source_id

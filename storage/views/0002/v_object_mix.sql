-- One row per month × channel (press/council) × object: AICT items with that object (syndicated
-- copies counted once) and their share of the channel's AICT items that month.
WITH items AS (
    SELECT DISTINCT a.month AS month, s.kind AS channel,
           COALESCE(a.syndicated_of, a.id) AS item_id, o.object AS object
    FROM articles a
    JOIN sources s ON s.id = a.source_id
    JOIN tags t ON t.article_id = a.id AND t.is_aict = TRUE
    JOIN tag_objects o ON o.article_id = a.id
),
totals AS (
    SELECT month, channel, COUNT(DISTINCT item_id) AS aict_items
    FROM items GROUP BY month, channel
)
SELECT
    i.month AS month,
    i.channel AS channel,
    i.object AS object,
    COUNT(DISTINCT i.item_id) AS items,
    CAST(COUNT(DISTINCT i.item_id) AS DOUBLE PRECISION) / tt.aict_items AS share
FROM items i
JOIN totals tt ON tt.month = i.month AND tt.channel = i.channel
GROUP BY i.month, i.channel, i.object, tt.aict_items

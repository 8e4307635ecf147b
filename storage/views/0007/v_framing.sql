-- One row per year × month × channel (press/council) × object × frame: the AICT items of that
-- month, channel and object that carry a frame distribution (syndicated copies once) and the
-- frame's mean share over them, so the four frames of one (month, channel, object) add up to 1.
-- object 'all' counts every such item once whatever its objects; the other rows count an item
-- under each of its objects. Items tagged before framing (no tag_frames rows) are left out
-- until re-tagged. A syndicated item's shares are the mean of its copies'.
WITH copies AS (
    SELECT a.month AS month, s.kind AS channel,
           COALESCE(a.syndicated_of, a.id) AS item_id, a.id AS article_id
    FROM articles a
    JOIN sources s ON s.id = a.source_id
    JOIN tags t ON t.article_id = a.id AND t.is_aict = TRUE
    WHERE a.month IS NOT NULL
),
item_frames AS (
    SELECT c.month AS month, c.channel AS channel, c.item_id AS item_id, f.frame AS frame,
           AVG(f.share) AS share
    FROM copies c
    JOIN tag_frames f ON f.article_id = c.article_id
    GROUP BY c.month, c.channel, c.item_id, f.frame
),
item_objects AS (
    SELECT c.month AS month, c.channel AS channel, c.item_id AS item_id, o.object AS object
    FROM copies c
    JOIN tag_objects o ON o.article_id = c.article_id
    UNION
    SELECT month, channel, item_id, 'all' FROM copies
)
SELECT
    CAST(SUBSTR(f.month, 1, 4) AS INTEGER) AS year,
    f.month AS month,
    f.channel AS channel,
    o.object AS object,
    f.frame AS frame,
    CAST(COUNT(*) AS INTEGER) AS items,
    CAST(AVG(f.share) AS DOUBLE PRECISION) AS share
FROM item_frames f
JOIN item_objects o ON o.month = f.month AND o.channel = f.channel AND o.item_id = f.item_id
GROUP BY f.month, f.channel, o.object, f.frame

// The selection when a source is named and no window: start from the source's citations.
MATCH (:Source {id: $source})<-[:CITES]-(c:Claim)
WHERE c.kind IN $kinds AND {{claim_conditions}}
WITH DISTINCT c ORDER BY c.from_lo, c.id
LIMIT $limit
RETURN collect(c.id) AS ids

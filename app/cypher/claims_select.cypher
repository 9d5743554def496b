// The defining query's selection: ids of the claims that meet claim_conditions, in (from_lo, id) order,
// at most $limit. Used when no actor is named. claims_by_ids hydrates the page.
MATCH (c:Claim)
WHERE {{claim_conditions}}
WITH c ORDER BY c.from_lo, c.id
LIMIT $limit
RETURN c.id AS id

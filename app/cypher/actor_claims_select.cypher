// The same selection when actors are named: start from the first actor ($actor) and keep claims in which
// every other named actor ($others) is a party too.
MATCH (:Actor {id: $actor})<-[:PARTY]-(c:Claim)
WHERE {{claim_conditions}}
  AND all(other IN $others WHERE EXISTS { (c)-[:PARTY]->(:Actor {id: other}) })
WITH DISTINCT c ORDER BY c.from_lo, c.id
LIMIT $limit
RETURN c.id AS id

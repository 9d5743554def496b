// Neo4j Browser: one actor's network over time: every relationship drawn for it (any kind, either end),
// earliest first. The Graph view draws the network (captions: kind and the possible range), the Table
// view lists when each relationship can have begun and ended (0001-01-01 and 9999-12-31 mean unknown).
// Change the actor's id on the first line (find ids with GET /actors?q=name).
WITH 'islamic-state' AS actor_id
MATCH (a:Actor {id: actor_id})-[r:ALLIED_WITH|FOUGHT_ALONGSIDE|HOSTILE_TO|DEFECTED_TO|AFFILIATED_WITH|MEMBER_OF|SPLIT_FROM]-(b:Actor)
RETURN a, r, b, r.kind AS kind, b.name AS other, r.from_lo AS from_earliest, r.from_hi AS from_latest,
       r.to_lo AS to_earliest, r.to_hi AS to_latest, r.status AS status, r.confidence AS confidence,
       r.claim_id AS claim
ORDER BY r.from_hi, r.from_lo, r.claim_id
LIMIT 300

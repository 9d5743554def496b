// Neo4j Browser: who fought whom in August 2014 ("possibly": the claim's range can overlap the month).
// Paste into http://127.0.0.1:7474/browser/ and switch between the Graph and Table views.
MATCH (a:Actor)-[r:HOSTILE_TO]->(b:Actor)
WHERE r.from_lo <= date('2014-08-31') AND r.to_hi >= date('2014-08-01')
RETURN a, r, b
LIMIT 300

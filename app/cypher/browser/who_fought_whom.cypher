// Neo4j Browser: who fought whom in a month ("possibly": the claim's range can overlap the month).
// Change the month on the first line, then switch between the Graph and Table views. The typed edge
// carries the claim's id (claim_id), bounds, status and confidence; cypher/browser/claim_sources.cypher
// shows the sources behind one. Browser also draws the other relationships between the actors shown (its
// "Connect result nodes" setting, on by default): untick it to see only this month's.
WITH date('2014-08-01') AS first
WITH first, first + duration('P1M') - duration('P1D') AS last
MATCH (a:Actor)-[r:HOSTILE_TO]->(b:Actor)
WHERE r.from_lo <= last AND r.to_hi >= first
RETURN a, r, b
LIMIT 300

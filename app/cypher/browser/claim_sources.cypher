// Neo4j Browser: the sources behind a claim: its parties, each citation's quote and stance, and the
// source a quoted source was reported in (a tweet quoted by an article).
// Change the claim's id on the first line (the typed edges carry it as claim_id).
WITH 'is-nusra-hostility-official-policy' AS claim_id
MATCH (c:Claim {id: claim_id})
OPTIONAL MATCH (c)-[p:PARTY]->(a:Actor)
OPTIONAL MATCH (c)-[q:CITES]->(s:Source)
OPTIONAL MATCH (s)-[via:REPORTED_IN]->(outlet:Source)
RETURN c, p, a, q, s, via, outlet

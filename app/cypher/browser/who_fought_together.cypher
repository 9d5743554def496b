// Neo4j Browser: who fought together or was allied in a month ("possibly": the claim's range can overlap
// the month): FOUGHT_ALONGSIDE (kind cooperation: on one side in the fighting, as an event dataset's
// coalition sides record it) and ALLIED_WITH (a declared alliance). Change the month on the first line;
// the edge's caption names its kind. cypher/browser/claim_sources.cypher shows the sources behind one.
WITH date('2014-08-01') AS first
WITH first, first + duration('P1M') - duration('P1D') AS last
MATCH (a:Actor)-[r:FOUGHT_ALONGSIDE|ALLIED_WITH]->(b:Actor)
WHERE r.from_lo <= last AND r.to_hi >= first AND r.status <> 'retracted'
RETURN a, r, b
LIMIT 300

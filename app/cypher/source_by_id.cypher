// One source: how it is known, the sources known through it, and the ids of the first $limit claims it backs.
MATCH (s:Source {id: $id})
OPTIONAL MATCH (s)-[:REPORTED_IN]->(via:Source)
CALL (s) {
  OPTIONAL MATCH (inner:Source)-[:REPORTED_IN]->(s)
  WITH inner ORDER BY inner.id LIMIT 500
  RETURN collect(inner {.id, .kind, .title}) AS reports
}
CALL (s) {
  OPTIONAL MATCH (c:Claim)-[:CITES]->(s)
  WITH DISTINCT c WHERE c IS NOT NULL
  ORDER BY c.from_lo, c.id LIMIT $limit
  RETURN collect(c.id) AS claim_ids
}
RETURN s {.*, reports: reports,
          reported_in: CASE WHEN via IS NULL THEN null ELSE via {.id, .kind, .title} END} AS source,
       claim_ids

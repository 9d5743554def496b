// Sources, with how many claims each backs; optional kind filter; offset paging.
MATCH (s:Source)
WHERE {{source_kind}}
WITH s ORDER BY s.published, s.id
SKIP $skip
LIMIT $limit
CALL (s) {
  OPTIONAL MATCH (c:Claim)-[:CITES]->(s)
  RETURN count(DISTINCT c) AS claims
}
OPTIONAL MATCH (s)-[:REPORTED_IN]->(via:Source)
RETURN s {.*, claims: claims, reported_in: via.id} AS source

// Sources, with how many claims each backs; optional kind filter; offset paging.
MATCH (s:Source)
WHERE $kind IS NULL OR s.kind = $kind
WITH s ORDER BY s.published, s.id
SKIP $skip
LIMIT $limit
CALL (s) {
  OPTIONAL MATCH (c:Claim)-[:CITES]->(s)
  RETURN count(DISTINCT c) AS claims
}
OPTIONAL MATCH (s)-[:REPORTED_IN]->(via:Source)
RETURN s {.*} AS source, claims, CASE WHEN via IS NULL THEN null ELSE via {.id, .title} END AS reported_in

// Upsert sources and REPORTED_IN (how an attributed source is known). $sources: [{id, props, reported_in}]
UNWIND $sources AS row
MERGE (s:Source {id: row.id})
SET s = row.props
WITH s, row
OPTIONAL MATCH (s)-[old:REPORTED_IN]->()
DELETE old
WITH DISTINCT s, row
CALL (s, row) {
  WITH s, row WHERE row.reported_in IS NOT NULL
  MATCH (via:Source {id: row.reported_in})
  MERGE (s)-[:REPORTED_IN]->(via)
}
RETURN count(s) AS sources

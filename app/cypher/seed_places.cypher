// Upsert places and their WITHIN nesting. $places: [{id, props, within}]
UNWIND $places AS row
MERGE (p:Place {id: row.id})
SET p = row.props
WITH p, row
OPTIONAL MATCH (p)-[old:WITHIN]->()
DELETE old
WITH DISTINCT p, row
CALL (p, row) {
  WITH p, row WHERE row.within IS NOT NULL
  MATCH (outer:Place {id: row.within})
  MERGE (p)-[:WITHIN]->(outer)
}
RETURN count(p) AS places

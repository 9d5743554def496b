// Upsert actors; their properties are replaced by the seed's, and PART_OF edges redrawn.
// $actors: [{id, props, part_of}]
UNWIND $actors AS row
MERGE (a:Actor {id: row.id})
SET a = row.props
WITH a, row
OPTIONAL MATCH (a)-[old:PART_OF]->()
DELETE old
WITH DISTINCT a, row
CALL (a, row) {
  WITH a, row WHERE row.part_of IS NOT NULL
  MATCH (whole:Actor {id: row.part_of})
  MERGE (a)-[:PART_OF]->(whole)
}
RETURN count(a) AS actors

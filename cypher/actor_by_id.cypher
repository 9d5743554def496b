// One actor, with what it is part of and its parts.
MATCH (a:Actor {id: $id})
OPTIONAL MATCH (a)-[:PART_OF]->(whole:Actor)
CALL (a) {
  OPTIONAL MATCH (part:Actor)-[:PART_OF]->(a)
  WITH part ORDER BY part.name LIMIT 100
  RETURN collect(part {.id, .name, .kind}) AS parts
}
RETURN a {.id, .name, .kind, .description, .aliases, .ucdp_id, .wikidata_id} AS actor,
       CASE WHEN whole IS NULL THEN null ELSE whole {.id, .name, .kind} END AS part_of,
       parts

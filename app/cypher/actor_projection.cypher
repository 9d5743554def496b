// Fragment: the actor `a` as `actor`, shaped like app.domain.views.Actor, with what it is part of and its parts.
OPTIONAL MATCH (a)-[:PART_OF]->(whole:Actor)
CALL (a) {
  OPTIONAL MATCH (part:Actor)-[:PART_OF]->(a)
  WITH part ORDER BY part.name LIMIT 100
  RETURN collect(part {.id, .name, .kind}) AS parts
}
WITH a, a {.id, .name, .kind, .description, .aliases, .ucdp_id, .wikidata_id, .mmp_ids, parts: parts, revision: coalesce(a.rev, 1),
           part_of: CASE WHEN whole IS NULL THEN null ELSE whole {.id, .name, .kind} END} AS actor

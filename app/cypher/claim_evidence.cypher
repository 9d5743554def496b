// The events that evidence claim $id (with place, participants and citations), in time order, at most $limit.
MATCH (:Claim {id: $id})-[:EVIDENCED_BY]->(e:Event)
WITH e ORDER BY e.from_lo, e.id LIMIT $limit
OPTIONAL MATCH (e)-[:AT]->(place:Place)
CALL (e) {
  MATCH (e)-[i:INVOLVED]->(a:Actor)
  RETURN collect({role: i.role, actor: a {.id, .name, .kind}}) AS participants
}
CALL (e) {
  MATCH (e)-[x:CITES]->(s:Source)
  WITH x, s ORDER BY x.position
  RETURN collect({{citation}}) AS citations
}
RETURN e {.*, participants: participants, citations: citations,
          place: CASE WHEN place IS NULL THEN null ELSE place {.id, .name, .kind, .alt_names, .lat, .lon} END} AS event
ORDER BY e.from_lo, e.id

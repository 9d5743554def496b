// Fragment: the event `e` of `row` linked to its place, participants and citations. Said once for
// seed_events.cypher and import_events_create.cypher, so an event written either way is the same.
CALL (e, row) {
  WITH e, row WHERE row.place IS NOT NULL
  MATCH (p:Place {id: row.place})
  CREATE (e)-[:AT]->(p)
}
CALL (e, row) {
  UNWIND row.participants AS who
  MATCH (a:Actor {id: who.actor})
  CREATE (e)-[:INVOLVED {role: who.role}]->(a)
}
CALL (e, row) {
  UNWIND row.citations AS cite
  MATCH (s:Source {id: cite.source})
  CREATE (e)-[:CITES {quote: cite.quote, stance: cite.stance, note: cite.note, position: cite.position}]->(s)
}

// Upsert events with their place, participants and citations (all redrawn from the seed).
// $events: [{id, props, place, participants: [{actor, role}], citations: [{source, quote, stance, note, position}]}]
UNWIND $events AS row
MERGE (e:Event {id: row.id})
SET e = row.props
WITH e, row
OPTIONAL MATCH (e)-[old:AT|INVOLVED|CITES]->()
DELETE old
WITH DISTINCT e, row
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
RETURN count(e) AS events

// Write claims with their parties, citations, evidence and the typed Actor-to-Actor edge drawn for
// browsing, in the caller's transaction: a claim and its edge are never out of step.
// A claim that existed is redrawn (its old edges, parties, citations and evidence links deleted first),
// so writing the same claim twice changes nothing.
// $claims: [{id, props, parties: [{actor, role, position}], citations: [{source, quote, stance, note, position}],
//            evidence: [event id], edge: {type, from, to}}]
// edge.type is one of the whitelist in app/domain/model.py (REL_TYPES), never text from input.
UNWIND $claims AS row
OPTIONAL MATCH (old:Claim {id: row.id})
CALL (old) {
  WITH old WHERE old IS NOT NULL
  OPTIONAL MATCH (old)-[:PARTY]->(:Actor)-[edge]->(:Actor)
  WHERE edge.claim_id = old.id
  WITH DISTINCT old, edge
  DELETE edge
  WITH DISTINCT old
  OPTIONAL MATCH (old)-[link:PARTY|CITES|EVIDENCED_BY]->()
  DELETE link
}
MERGE (c:Claim {id: row.id})
SET c = row.props
WITH c, row
CALL (c, row) {
  UNWIND row.parties AS p
  MATCH (a:Actor {id: p.actor})
  // actor, kind, span, from_lo and claim are copied onto the edge for the index party_window
  CREATE (c)-[:PARTY {role: p.role, position: p.position, actor: a.id, kind: c.kind, span: c.span,
                      from_lo: c.from_lo, claim: c.id}]->(a)
}
CALL (c, row) {
  UNWIND row.citations AS cite
  MATCH (s:Source {id: cite.source})
  CREATE (c)-[:CITES {quote: cite.quote, stance: cite.stance, note: cite.note, position: cite.position}]->(s)
}
CALL (c, row) {
  UNWIND row.evidence AS event_id
  MATCH (e:Event {id: event_id})
  CREATE (c)-[:EVIDENCED_BY]->(e)
}
CALL (c, row) {
  MATCH (a:Actor {id: row.edge.from}), (b:Actor {id: row.edge.to})
  CREATE (a)-[r:$(row.edge.type)]->(b)
  SET r = {claim_id: c.id, kind: c.kind, status: c.status, confidence: c.confidence,
           from_lo: c.from_lo, from_hi: c.from_hi, to_lo: c.to_lo, to_hi: c.to_hi,
           precision: c.precision, open_ended: c.open_ended, approximate: c.approximate}
}
RETURN count(c) AS claims

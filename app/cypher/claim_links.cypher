// Fragment: the claim `c` of `row` linked to its parties, citations and evidence, and its typed Actor-to-Actor
// edge drawn with the claim's bounds, status and confidence. Said once for write_claims.cypher and
// import_claims_create.cypher, so a claim written either way is the same in the graph.
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

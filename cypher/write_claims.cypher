// Write claims with their parties, citations, evidence and the typed Actor-to-Actor edge(s) drawn for
// browsing, in the caller's transaction: a claim and its edges are never out of step.
// Everything hanging off a claim is redrawn, so writing the same claim twice changes nothing.
// $claims: [{id, props, parties: [{actor, role, position}], citations: [{source, quote, stance, note, position}],
//            evidence: [event id], edges: [{type, from, to}]}]
// Edge types come from the whitelist in app/domain/model.py; each has its own branch below.
UNWIND $claims AS row
MERGE (c:Claim {id: row.id})
SET c = row.props
WITH c, row
CALL (c) {
  OPTIONAL MATCH (c)-[:PARTY]->(:Actor)-[edge]-(:Actor)
  WHERE edge.claim_id = c.id
  WITH DISTINCT edge WHERE edge IS NOT NULL
  DELETE edge
}
CALL (c) {
  OPTIONAL MATCH (c)-[old:PARTY|CITES|EVIDENCED_BY]->()
  DELETE old
}
CALL (c, row) {
  UNWIND row.parties AS p
  MATCH (a:Actor {id: p.actor})
  CREATE (c)-[:PARTY {role: p.role, position: p.position}]->(a)
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
  UNWIND row.edges AS edge
  MATCH (a:Actor {id: edge.from}), (b:Actor {id: edge.to})
  WITH a, b, edge,
       {claim_id: c.id, kind: c.kind, status: c.status, confidence: c.confidence,
        from_lo: c.from_lo, from_hi: c.from_hi, to_lo: c.to_lo, to_hi: c.to_hi,
        precision: c.precision, open_ended: c.open_ended, approximate: c.approximate} AS props
  FOREACH (_ IN CASE WHEN edge.type = 'ALLIED_WITH' THEN [1] ELSE [] END |
    CREATE (a)-[r:ALLIED_WITH]->(b) SET r = props)
  FOREACH (_ IN CASE WHEN edge.type = 'HOSTILE_TO' THEN [1] ELSE [] END |
    CREATE (a)-[r:HOSTILE_TO]->(b) SET r = props)
  FOREACH (_ IN CASE WHEN edge.type = 'DEFECTED_TO' THEN [1] ELSE [] END |
    CREATE (a)-[r:DEFECTED_TO]->(b) SET r = props)
  FOREACH (_ IN CASE WHEN edge.type = 'AFFILIATED_WITH' THEN [1] ELSE [] END |
    CREATE (a)-[r:AFFILIATED_WITH]->(b) SET r = props)
  FOREACH (_ IN CASE WHEN edge.type = 'MEMBER_OF' THEN [1] ELSE [] END |
    CREATE (a)-[r:MEMBER_OF]->(b) SET r = props)
  FOREACH (_ IN CASE WHEN edge.type = 'SPLIT_FROM' THEN [1] ELSE [] END |
    CREATE (a)-[r:SPLIT_FROM]->(b) SET r = props)
}
RETURN count(c) AS claims

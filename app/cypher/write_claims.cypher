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
{{claim_links}}
RETURN count(c) AS claims

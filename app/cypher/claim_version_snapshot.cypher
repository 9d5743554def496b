// Keep the claim $id as it stands before a revision: a (:ClaimVersion) copy of its properties with the
// time it was current ([recorded_from, recorded_until = $at)), its parties and citations copied as PARTY
// and CITES (role, position; quote, stance, note, position: not the index properties of the claim's own
// PARTY edges, so party_window never sees them), linked from the claim by VERSION.
MATCH (c:Claim {id: $id})
CREATE (c)-[:VERSION]->(v:ClaimVersion)
SET v = properties(c), v.recorded_from = coalesce(c.recorded_from, c.recorded_at), v.recorded_until = $at,
    v.rev = coalesce(c.rev, 1)
WITH c, v
CALL (c, v) {
  MATCH (c)-[p:PARTY]->(a:Actor)
  CREATE (v)-[:PARTY {role: p.role, position: p.position}]->(a)
}
CALL (c, v) {
  MATCH (c)-[x:CITES]->(s:Source)
  CREATE (v)-[:CITES {quote: x.quote, stance: x.stance, note: x.note, position: x.position}]->(s)
}
RETURN v.rev AS rev

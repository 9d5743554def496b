// Claims by id reduced to what the signed-network analysis reads (app/services/analysis.py): kind,
// confidence, events (UCDP's intensity) and parties in their order, as one list. The ids come from the
// slice's selection (claims_select or actor_claims_select, with their window predicate). Bounded by $ids.
MATCH (c:Claim)
WHERE c.id IN $ids
CALL (c) {
  MATCH (c)-[p:PARTY]->(a:Actor)
  WITH p, a ORDER BY p.position
  RETURN collect({role: p.role, actor: a {.id, .name, .kind}}) AS parties
}
RETURN collect(c {.id, .kind, .confidence, .events, parties: parties}) AS claims

// The same selection when actors are named: start from the first actor ($actor) through the index
// party_window on its PARTY edges (actor, kind, span, from_lo, claim: copied from the claim when it is
// written), tier by tier as in claims_select, and keep claims in which every other named actor ($others)
// is a party too.
UNWIND $kinds AS kind
UNWIND $tiers AS tier
CALL (kind, tier) {
  MATCH (c:Claim)-[p:PARTY]->(:Actor)
  USING INDEX p:PARTY(actor, kind, span, from_lo, claim)
  WHERE p.actor = $actor AND p.kind = kind AND p.span = tier.span AND p.from_lo >= tier.lo
    AND p.from_lo <= tier.hi AND p.claim IS NOT NULL
    AND {{claim_conditions}}
    AND all(other IN $others WHERE EXISTS { (c)-[:PARTY]->(:Actor {id: other}) })
  WITH c, p ORDER BY p.actor, p.kind, p.span, p.from_lo, p.claim
  LIMIT $limit
  RETURN DISTINCT c
}
WITH DISTINCT c ORDER BY c.from_lo, c.id
LIMIT $limit
RETURN collect(c.id) AS ids

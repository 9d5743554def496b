// Fragment of timeline_select: the claims `c` to which both $actor and $other are parties. Every claim
// draws one typed edge between two of its parties (claim_links.cypher), so the pair's claims are the typed
// edges between the two actors, read from the two nodes without visiting a claim (Expand(Into), whichever
// has fewer edges); a defection's edge joins only the defector and the side it joined, so its other pairs
// (defector and the side it left, the two sides) are found by joining the two actors' defection PARTY
// edges on their claim ids (party_window, index values only). Before, the claims of the actor with fewer
// were each checked for the other: 26,437 claims read for 563 at 1M (docs/performance.md).
CALL () {
  MATCH (:Actor {id: $actor})-[r:ALLIED_WITH|FOUGHT_ALONGSIDE|HOSTILE_TO|DEFECTED_TO|AFFILIATED_WITH|MEMBER_OF|SPLIT_FROM|SAME_AS]-(:Actor {id: $other})
  RETURN r.claim_id AS id
  UNION
  MATCH ()-[p:PARTY]->()
  USING INDEX p:PARTY(actor, kind, span, from_lo, claim)
  WHERE p.actor = $actor AND p.kind = $defection AND p.span IS NOT NULL AND p.from_lo IS NOT NULL
    AND p.claim IS NOT NULL
  MATCH ()-[q:PARTY]->()
  USING INDEX q:PARTY(actor, kind, span, from_lo, claim)
  WHERE q.actor = $other AND q.kind = $defection AND q.span IS NOT NULL AND q.from_lo IS NOT NULL
    AND q.claim IS NOT NULL AND q.claim = p.claim
  RETURN p.claim AS id
}
MATCH (c:Claim {id: id})
WHERE true

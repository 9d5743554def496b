// The defining query's selection: ids of the claims that meet claim_conditions, in (from_lo, id) order,
// at most $limit. For each kind and each span tier ($tiers: the from_lo range a claim of that tier can
// start in and still meet the window, computed by app.domain.timebounds.tier_ranges), the index
// claim_window (kind, span, from_lo, id) is read in its own order and stops after $limit matches; the
// few candidates of all tiers are then merged. The cost follows the page, not the graph (docs/performance.md).
// claims_page.cypher hydrates the page in the same statement.
UNWIND $kinds AS kind
UNWIND $tiers AS tier
CALL (kind, tier) {
  MATCH (c:Claim)
  USING INDEX c:Claim(kind, span, from_lo, id)
  WHERE c.kind = kind AND c.span = tier.span AND c.from_lo >= tier.lo AND c.from_lo <= tier.hi
    AND c.id IS NOT NULL
    AND {{claim_conditions}}
  WITH c ORDER BY c.kind, c.span, c.from_lo, c.id
  LIMIT $limit
  RETURN c
}
WITH c ORDER BY c.from_lo, c.id
LIMIT $limit
RETURN collect(c.id) AS ids

// The defining query's selection: ids of the claims that meet claim_conditions, in (from_lo, id) order,
// at most $limit. For each kind and each span tier ($tiers: the from_lo range a claim of that tier can
// start in and still meet the window, computed by app.domain.timebounds.tier_ranges), the index
// claim_window_entry is read in its (kind, span, from_lo, id) order (claim_window_seek) and stops after
// $limit matches; the
// few candidates of all tiers are then merged. The cost follows the page, not the graph (docs/performance.md).
// claims_page.cypher hydrates the page in the same statement.
UNWIND $kinds AS kind
UNWIND $tiers AS tier
CALL (kind, tier) {
  {{claim_window_seek}}
    AND {{claim_conditions}}
  WITH c ORDER BY c.kind, c.span, c.from_lo, c.id
  LIMIT $limit
  RETURN c
}
WITH c ORDER BY c.from_lo, c.id
LIMIT $limit
RETURN collect(c.id) AS ids

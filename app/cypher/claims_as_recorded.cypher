// What the graph said at $as_recorded: for each kind and span tier (as claims_select), the claims whose
// current state was recorded by then, and the earlier versions (ClaimVersion) that were current then
// (recorded_from <= $as_recorded < recorded_until), with the same conditions; merged in (from_lo, id)
// order, at most $limit, and projected from the state found (its parties and citations as they were).
// Chosen only when a request asks `as_recorded`: the default read path stays claims_select.
UNWIND $kinds AS kind
UNWIND $tiers AS tier
CALL (kind, tier) {
  {{claim_window_seek}}
    AND coalesce(c.recorded_from, c.recorded_at) <= $as_recorded
    AND {{claim_conditions}}
    AND {{parties}}
  WITH c ORDER BY c.kind, c.span, c.from_lo, c.id
  LIMIT $limit
  RETURN c
  UNION
  MATCH (c:ClaimVersion)
  USING INDEX c:ClaimVersion(kind, span, from_lo, id)
  WHERE c.kind = kind AND c.span = tier.span AND c.from_lo >= tier.lo AND c.from_lo <= tier.hi
    AND c.id IS NOT NULL
    AND c.recorded_from <= $as_recorded AND c.recorded_until > $as_recorded
    AND {{claim_conditions}}
    AND {{parties}}
  WITH c ORDER BY c.kind, c.span, c.from_lo, c.id
  LIMIT $limit
  RETURN c
}
WITH c ORDER BY c.from_lo, c.id
LIMIT $limit
{{claim_projection}}
RETURN collect(claim) AS claims

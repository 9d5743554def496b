// Fragment: the seek of claims_select and claims_as_recorded: the claims `c` of kind `kind` in span tier
// `tier` whose start lies in the tier's range, read from the index claim_window_entry in its own order
// (kind, span, from_lo, id). The index also holds each claim's other three bounds, its status and its
// confidence, so the window predicate (window_possibly or window_certainly, which follow) and the status
// and confidence conditions are tested on the index entry without reading the claim: the hint names all
// nine properties, hence the IS NOT NULL (every claim has all four bounds, a status and a confidence; a
// claim without would fail the conditions anyway). docs/performance.md has the plans.
MATCH (c:Claim)
USING INDEX c:Claim(kind, span, from_lo, id, to_hi, from_hi, to_lo, status, confidence)
WHERE c.kind = kind AND c.span = tier.span AND c.from_lo >= tier.lo AND c.from_lo <= tier.hi
  AND c.id IS NOT NULL AND c.to_hi IS NOT NULL AND c.from_hi IS NOT NULL AND c.to_lo IS NOT NULL
  AND c.status IS NOT NULL AND c.confidence IS NOT NULL

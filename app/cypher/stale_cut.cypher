// Fragment: stale_after=N with a window: the claim `c` has a time (stale_undated) and its last evidence
// is on or after $stale_since (the window's start less N months, app.domain.timebounds.stale_since).
// Last evidence (docs/data-model.md): the latest of the claim's own known dates that it held (from_hi,
// to_lo), the publication dates of the sources it cites, and the known dates of the events that evidence
// it (their from_hi, to_lo); $unknown_end (9999-12-31) is the sentinel of an unknown end, never evidence.
// Read here rather than stored: the claim's own dates settle most candidates without a hop (a claim that
// ended before the window is already out by the window predicate), the hops are made only for those that
// run on (open-ended, long, undated ends), and a source's or an event's date corrected later counts at once.
{{stale_undated}}
  AND ((c.from_hi >= $stale_since AND c.from_hi < $unknown_end)
    OR (c.to_lo >= $stale_since AND c.to_lo < $unknown_end)
    OR EXISTS { (c)-[:CITES]->(s:Source) WHERE s.published >= $stale_since }
    OR EXISTS {
      (c)-[:EVIDENCED_BY]->(e:Event)
      WHERE (e.from_hi >= $stale_since AND e.from_hi < $unknown_end)
         OR (e.to_lo >= $stale_since AND e.to_lo < $unknown_end)
    })

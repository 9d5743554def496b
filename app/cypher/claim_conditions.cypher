// Fragment: the conditions a claim `c` must meet besides its kind, its parties and where the index seek
// starts: the window (in the mode asked), status, confidence, source, page position, and whether undated
// and stale claims are left out (stale_after). The slots are chosen per request
// (app/repository/reader.py), so no condition tests whether a parameter is null.
{{window}}
  AND {{status}}
  AND c.confidence >= $min_confidence
  AND {{source}}
  AND {{after}}
  AND {{stale}}

// Fragment: every condition a claim `c` must meet, but its parties: kind, window (in the mode asked),
// status, confidence, source, page position. The slots are chosen per request (app/repository/reader.py).
c.kind IN $kinds
  AND {{window}}
  AND {{status}}
  AND c.confidence >= $min_confidence
  AND {{source}}
  AND {{after}}

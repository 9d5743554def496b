// Fragment: the claim `c` as `claim`, shaped like app.domain.views.Relationship: its properties (time
// bounds flat, as ISO dates: the API parses them without building driver temporal objects), parties in
// their order, citations in their order, intensity where events back it.
CALL (c) {
  MATCH (c)-[p:PARTY]->(a:Actor)
  WITH p, a ORDER BY p.position
  RETURN collect({role: p.role, actor: a {.id, .name, .kind}}) AS parties
}
CALL (c) {
  MATCH (c)-[x:CITES]->(s:Source)
  WITH x, s ORDER BY x.position
  RETURN collect({{citation}}) AS citations
}
WITH c, c {.id, .kind, .status, .confidence, .notes, coalitions: coalesce(c.coalitions, []),
           .from_precision, .to_precision, .precision, .open_ended, .approximate, .valid_text,
           from_lo: toString(c.from_lo), from_hi: toString(c.from_hi),
           to_lo: toString(c.to_lo), to_hi: toString(c.to_hi), recorded_at: toString(c.recorded_at), revision: coalesce(c.rev, 1),
           parties: parties, citations: citations,
           intensity: CASE WHEN c.events IS NULL THEN null
                           ELSE {events: c.events, deaths_low: c.deaths_low, deaths_best: c.deaths_best,
                                 deaths_high: c.deaths_high} END} AS claim

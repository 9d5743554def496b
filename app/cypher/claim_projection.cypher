// Fragment: the claim `c` as `claim`, shaped like app.domain.views.Relationship: its properties (time
// bounds flat), parties in their order, citations in their order, intensity where events back it.
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
WITH c, c {.*, parties: parties, citations: citations,
            intensity: CASE WHEN c.events IS NULL THEN null
                            ELSE {events: c.events, deaths_low: c.deaths_low, deaths_best: c.deaths_best,
                                  deaths_high: c.deaths_high} END} AS claim

// Every claim in which $actor is a party (and $other too, when given), in time order: by the latest its
// start can be (when it had surely begun), then the earliest, then the end. A claim whose start is
// unknown ("..2014-08-18") sorts by that latest date, not before everything else.
MATCH (a:Actor {id: $actor})<-[:PARTY]-(c:Claim)
WHERE c.kind IN $kinds
  AND ($other IS NULL OR EXISTS { (c)-[:PARTY]->(:Actor {id: $other}) })
WITH DISTINCT c
ORDER BY c.from_hi, c.from_lo, c.to_lo, c.to_hi, c.id
LIMIT $limit
CALL (c) {
  MATCH (c)-[p:PARTY]->(a:Actor)
  WITH p, a ORDER BY p.position
  RETURN collect({role: p.role, actor: a {.id, .name, .kind}}) AS parties
}
CALL (c) {
  MATCH (c)-[x:CITES]->(s:Source)
  WITH x, s ORDER BY x.position
  RETURN collect({quote: x.quote, stance: x.stance, note: x.note,
                  source: s {.id, .kind, .title, .publisher, .author, .account, .url, .published}}) AS citations
}
RETURN c {.*} AS claim, parties, citations
ORDER BY c.from_hi, c.from_lo, c.to_lo, c.to_hi, c.id

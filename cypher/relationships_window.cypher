// The defining query: claims of the given kinds whose valid time meets the window, in the mode asked.
//   possibly:  from_lo <= $end AND to_hi >= $start   (the range can overlap the window)
//   certainly: from_hi <= $start AND to_lo >= $end   (the range surely covers the whole window)
// $start/$end null: no time filter. $actors: every listed actor must be a party (any role).
// Keyset paging on (from_lo, id): $after_from/$after_id are the last row of the previous page.
// Returns one record per claim with its parties and citations collected (few large records).
MATCH (c:Claim)
WHERE c.kind IN $kinds
  AND ($start IS NULL OR
       CASE $mode
         WHEN 'certainly' THEN c.from_hi <= $start AND c.to_lo >= $end
         ELSE c.from_lo <= $end AND c.to_hi >= $start
       END)
  AND ($statuses IS NULL OR c.status IN $statuses)
  AND c.confidence >= $min_confidence
  AND ($source IS NULL OR EXISTS { (c)-[:CITES]->(:Source {id: $source}) })
  AND ($actors IS NULL OR all(actor_id IN $actors WHERE EXISTS { (c)-[:PARTY]->(:Actor {id: actor_id}) }))
  AND ($after_from IS NULL OR c.from_lo > $after_from OR (c.from_lo = $after_from AND c.id > $after_id))
WITH c
ORDER BY c.from_lo, c.id
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
ORDER BY c.from_lo, c.id

// Claims by id, each with its parties, citations and the events that evidence it (with place,
// participants and citations). Bounded by the size of $ids, which the service caps.
UNWIND $ids AS claim_id
MATCH (c:Claim {id: claim_id})
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
CALL (c) {
  OPTIONAL MATCH (c)-[:EVIDENCED_BY]->(e:Event)
  WITH e WHERE e IS NOT NULL
  OPTIONAL MATCH (e)-[:AT]->(place:Place)
  CALL (e) {
    MATCH (e)-[i:INVOLVED]->(a:Actor)
    RETURN collect({role: i.role, actor: a {.id, .name, .kind}}) AS participants
  }
  CALL (e) {
    MATCH (e)-[x:CITES]->(s:Source)
    WITH x, s ORDER BY x.position
    RETURN collect({quote: x.quote, stance: x.stance, note: x.note,
                    source: s {.id, .kind, .title, .publisher, .author, .account, .url, .published}}) AS citations
  }
  WITH e, place, participants, citations ORDER BY e.from_lo, e.id
  RETURN collect({event: e {.*},
                  place: CASE WHEN place IS NULL THEN null
                              ELSE place {.id, .name, .kind, .alt_names, .lat, .lon} END,
                  participants: participants, citations: citations}) AS evidence
}
RETURN c {.*} AS claim, parties, citations, evidence

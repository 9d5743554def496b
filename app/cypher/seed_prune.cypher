// Claims and events that a seed file held before but no longer holds are deleted, with the typed edges
// drawn for them, in the same transaction as the load. Only entries loaded from the same file (origin
// 'seed', same seed_file) are touched: loading one file never removes what another file or an analyst
// recorded. $files: [{file, claim_ids, event_ids}]
UNWIND $files AS f
CALL (f) {
  MATCH (c:Claim {origin: 'seed', seed_file: f.file})
  WHERE NOT c.id IN f.claim_ids
  OPTIONAL MATCH (c)-[:PARTY]->(:Actor)-[edge]-(:Actor)
  WHERE edge.claim_id = c.id
  WITH c, collect(DISTINCT edge) AS edges
  FOREACH (e IN edges | DELETE e)
  DETACH DELETE c
  RETURN count(*) AS claims
}
CALL (f) {
  MATCH (e:Event {origin: 'seed', seed_file: f.file})
  WHERE NOT e.id IN f.event_ids
  DETACH DELETE e
  RETURN count(*) AS events
}
RETURN sum(claims) AS claims_removed, sum(events) AS events_removed

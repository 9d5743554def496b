// When UCDP GED events in the graph show each actor: the earliest day of its first event, the latest day of
// its last, and how many events (the UCDP Actor Dataset import narrows its undated ties by them).
// $ids: [actor id] (at most one batch of the import's actors)
UNWIND $ids AS id
MATCH (a:Actor {id: id})
CALL (a) {
  MATCH (e:Event)-[:INVOLVED]->(a)
  WHERE e.ged_id IS NOT NULL
  RETURN min(e.from_lo) AS first, max(e.to_hi) AS last, count(e) AS events
}
RETURN a.id AS id, first, last, events

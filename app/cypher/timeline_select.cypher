// Ids of every claim in which $actor is a party (with `other` one: and $other too), in time order: by the
// latest its start can be (when it had surely begun), then the earliest, then the end. A claim whose start
// is unknown ("..2014-08-18") sorts by that latest date, not before everything else. The claims are found
// from one actor's PARTY edges (timeline_from: for a pair, those of the actor with fewer PARTY edges).
// Paged by offset: $skip claims of that order, then at most $limit.
{{timeline_from}}
  AND c.kind IN $kinds AND c.status <> 'retracted'
WITH DISTINCT c ORDER BY c.from_hi, c.from_lo, c.to_lo, c.to_hi, c.id
SKIP $skip
LIMIT $limit
RETURN collect(c.id) AS ids

// Ids of every claim in which $actor is a party ({{other}}: and $other too), in time order: by the latest
// its start can be (when it had surely begun), then the earliest, then the end. A claim whose start is
// unknown ("..2014-08-18") sorts by that latest date, not before everything else.
MATCH (:Actor {id: $actor})<-[:PARTY]-(c:Claim)
WHERE c.kind IN $kinds AND c.status <> 'retracted' AND {{other}}
WITH DISTINCT c ORDER BY c.from_hi, c.from_lo, c.to_lo, c.to_hi, c.id
LIMIT $limit
RETURN collect(c.id) AS ids

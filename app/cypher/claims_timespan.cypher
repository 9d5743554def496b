// The time the claims cover, for the viewer's month slider: the earliest date a claim is known to have
// begun by (its earliest start; its latest start where the start is unknown) and the latest date one is
// known to hold (its latest end; its earliest end where the end is open or unknown), and how many claims.
MATCH (c:Claim)
WITH CASE WHEN c.from_lo > date('0001-01-01') THEN c.from_lo ELSE c.from_hi END AS first,
     CASE WHEN c.to_hi < date('9999-12-31') THEN c.to_hi ELSE c.to_lo END AS last
RETURN min(first) AS first, max(last) AS last, count(*) AS claims

// Fragment of timeline_select: the claims `c` to which both $actor and $other are parties, found from the
// PARTY edges of whichever of the two has fewer (a degree, read without visiting the edges; it counts the
// PARTY edges of earlier claim versions too, which only decides where to start), each then checked for the
// other actor: IS with a small group reads the small group's claims, not all of IS's.
MATCH (x:Actor {id: $actor}), (y:Actor {id: $other})
WITH x, y, COUNT { (x)<-[:PARTY]-() } <= COUNT { (y)<-[:PARTY]-() } AS x_fewer
WITH CASE WHEN x_fewer THEN x ELSE y END AS fewer, CASE WHEN x_fewer THEN y ELSE x END AS more
MATCH (fewer)<-[:PARTY]-(c:Claim)
WHERE EXISTS { (c)-[:PARTY]->(more) }

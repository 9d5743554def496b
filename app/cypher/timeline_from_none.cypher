// Fragment of timeline_select: the claims `c` of $actor (the conditions that follow are ANDed on).
MATCH (:Actor {id: $actor})<-[:PARTY]-(c:Claim)
WHERE true

// The revision of the actor or source $id ({{label}}), taking its write lock (as claim_state.cypher).
MATCH (n:{{label}} {id: $id})
SET n.rev = coalesce(n.rev, 1)
RETURN n {.*} AS props, COLLECT { MATCH (n)-[:PART_OF]->(w:Actor) RETURN w.id }[0] AS part_of

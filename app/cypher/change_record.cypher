// One change to an actor or a source ({{label}}), recorded in its transaction: who ($change.author: the
// key's name), when, what (op, the fields given) and why (reason), linked to what it changed.
MATCH (n:{{label}} {id: $id})
CREATE (ch:Change)-[:CHANGED]->(n)
SET ch = $change
RETURN ch.at AS at

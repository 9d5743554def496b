// One change to an actor or a source ({{label}}), recorded in its transaction: who ($change.author: the
// key's name), when, what (op, the fields given) and why (reason), linked to what it changed.
MATCH (n:{{label}} {id: $id})
WITH n, $change AS change
{{change_create}}
RETURN ch.at AS at

// One actor, with what it is part of and its parts.
MATCH (a:Actor {id: $id})
{{actor_projection}}
RETURN actor

// Fragment of named_some: each id of $named_actors with the actor the graph holds under it (null: none).
[i IN $named_actors | {id: i, actor: COLLECT { MATCH (a:Actor {id: i}) RETURN a {.id, .name, .kind} }[0]}]

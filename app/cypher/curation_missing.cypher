// Which of the actors, sources and events a write names do not exist (each list bounded by the body).
RETURN [id IN $actors WHERE NOT EXISTS { MATCH (:Actor {id: id}) }] AS actors,
       [id IN $sources WHERE NOT EXISTS { MATCH (:Source {id: id}) }] AS sources,
       [id IN $events WHERE NOT EXISTS { MATCH (:Event {id: id}) }] AS events

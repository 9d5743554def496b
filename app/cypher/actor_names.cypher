// One actor's renames: every (:Succession) of it (one per source that gives its names in order), with the
// source and the quote that gives them. `names` is null when no actor has the id.
// $id: the actor's id
OPTIONAL MATCH (a:Actor {id: $id})
CALL (a) {
  OPTIONAL MATCH (n:Succession)-[:OF]->(a)
  OPTIONAL MATCH (n)-[c:CITES]->(s:Source)
  WITH n, c, s ORDER BY n.id LIMIT 20
  RETURN collect(CASE WHEN n IS NULL THEN null ELSE {
    id: n.id, names: n.names, full_names: n.full_names, english_names: n.english_names, note: n.note,
    quote: c.quote, source: s {.id, .kind, .title, .publisher, .author, .account, .url, .licence, published: toString(s.published)}
  } END) AS successions
}
RETURN CASE WHEN a IS NULL THEN null ELSE {actor: a {.id, .name, .kind}, successions: successions} END AS names

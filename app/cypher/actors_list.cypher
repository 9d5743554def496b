// Actors in name order (no search text), paged by offset ($skip) and bounded by $limit.
MATCH (a:Actor)
WHERE {{actor_kind}}
WITH a ORDER BY toLower(a.name), a.id
SKIP $skip
LIMIT $limit
{{actor_projection}}
RETURN actor

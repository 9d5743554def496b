// Actors by name or alias. $q is already normalised (lower case, no diacritics or punctuation: see
// app/domain/text.py) and matched against the actor's search_keys; exact matches first, then prefixes.
// Paged by offset ($skip) and bounded by $limit.
MATCH (a:Actor)
WHERE any(k IN a.search_keys WHERE k CONTAINS $q) AND {{actor_kind}}
WITH a,
     CASE
       WHEN $q IN a.search_keys THEN 0
       WHEN any(k IN a.search_keys WHERE k STARTS WITH $q) THEN 1
       ELSE 2
     END AS rank
ORDER BY rank, toLower(a.name), a.id
SKIP $skip
LIMIT $limit
{{actor_projection}}
RETURN actor

// Actors by name or alias. $q is already normalised (lower case, no diacritics or punctuation: see
// app/domain/text.py) and matched against the actor's search_keys; exact matches first, then prefixes.
// Paged by offset ($skip) and bounded by $limit.
MATCH (a:Actor)
WHERE ($q IS NULL OR any(k IN a.search_keys WHERE k CONTAINS $q))
  AND ($kind IS NULL OR a.kind = $kind)
WITH a,
     CASE
       WHEN $q IS NULL THEN 2
       WHEN $q IN a.search_keys THEN 0
       WHEN any(k IN a.search_keys WHERE k STARTS WITH $q) THEN 1
       ELSE 2
     END AS rank
ORDER BY rank, toLower(a.name), a.id
SKIP $skip
LIMIT $limit
OPTIONAL MATCH (a)-[:PART_OF]->(whole:Actor)
RETURN a {.id, .name, .kind, .description, .aliases, .ucdp_id, .wikidata_id} AS actor,
       CASE WHEN whole IS NULL THEN null ELSE whole {.id, .name, .kind} END AS part_of,
       [] AS parts

// Actors of a UCDP GED import. A new actor (row.props set) is created with its properties; an existing one
// the import matched gets the UCDP names as aliases (with its search keys) and its UCDP id where it had
// none. Nothing else of an existing actor changes: a seed actor keeps its name, kind and description.
// $actors: [{id, props, aliases, search_keys, ucdp_id}]  (props null for an existing actor)
UNWIND $actors AS row
MERGE (a:Actor {id: row.id})
ON CREATE SET a = row.props
WITH a, row
CALL (a, row) {
  WITH a, row WHERE row.props IS NULL
  SET a.aliases = row.aliases, a.search_keys = row.search_keys, a.ucdp_id = row.ucdp_id
}
RETURN count(a) AS actors

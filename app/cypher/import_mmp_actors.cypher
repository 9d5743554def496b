// Actors of an MMP import. A new actor (row.props set) is created with its properties; an existing one the
// import matched gets MMP's names as aliases (with their search keys) and MMP's group ids (mmp_ids). Nothing
// else of an existing actor changes: a seed or UCDP actor keeps its name, kind, description and UCDP id.
// $actors: [{id, props, aliases, search_keys, mmp_ids}]  (props null for an existing actor)
UNWIND $actors AS row
MERGE (a:Actor {id: row.id})
ON CREATE SET a = row.props
WITH a, row
CALL (a, row) {
  WITH a, row WHERE row.props IS NULL
  SET a.aliases = row.aliases, a.search_keys = row.search_keys, a.mmp_ids = row.mmp_ids
}
RETURN count(a) AS actors

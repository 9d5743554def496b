// Actors of a UCDP GED, UCDP actor dataset or ACLED import. A new actor (row.props set) is created with its
// properties; an existing one the import matched gets the UCDP names as aliases (with its search keys) and its
// UCDP id where it had none. Nothing else of an existing actor changes: a seed actor keeps its name, kind and
// description. An existing actor the import does change gets a new revision (`rev`, the ETag of
// GET /actors/{id}: a client's PATCH with the older one is refused) and a (:Change) record of the fields
// changed ($change: at, author, op, reason); one the import leaves as it is keeps both.
// $actors: [{id, props, aliases, search_keys, ucdp_id}]  (props null for an existing actor)
UNWIND $actors AS row
MERGE (a:Actor {id: row.id})
ON CREATE SET a = row.props
WITH a, row
CALL (a, row) {
  WITH a, row WHERE row.props IS NULL
  WITH a, row, [f IN ['aliases', 'ucdp_id'] WHERE row[f] IS NOT NULL AND (a[f] IS NULL OR a[f] <> row[f])] +
    CASE WHEN size(coalesce(a.search_keys, [])) = size(row.search_keys)
      AND all(k IN row.search_keys WHERE k IN a.search_keys) THEN [] ELSE ['search_keys'] END AS fields
  WHERE fields <> []
  SET a.aliases = row.aliases, a.search_keys = row.search_keys, a.ucdp_id = row.ucdp_id,
      a.rev = coalesce(a.rev, 1) + 1
  WITH a AS n, fields, $change AS change
  WITH n, change {.*, subject: n.id, fields: fields} AS change
  {{change_create}}
}
RETURN count(a) AS actors

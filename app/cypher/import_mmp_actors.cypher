// Actors of an MMP import. A new actor (row.props set) is created with its properties; an existing one the
// import matched gets MMP's names as aliases (with their search keys) and MMP's group ids (mmp_ids). Nothing
// else of an existing actor changes: a seed or UCDP actor keeps its name, kind, description and UCDP id. An
// existing actor the import does change gets a new revision (`rev`, the ETag of GET /actors/{id}: a client's
// PATCH with the older one is refused) and a (:Change) record of the fields changed ($change: at, author, op,
// reason); one the import leaves as it is keeps both.
// $actors: [{id, props, aliases, search_keys, mmp_ids}]  (props null for an existing actor)
UNWIND $actors AS row
MERGE (a:Actor {id: row.id})
ON CREATE SET a = row.props
WITH a, row
CALL (a, row) {
  WITH a, row WHERE row.props IS NULL
  WITH a, row, [f IN ['aliases', 'mmp_ids'] WHERE row[f] IS NOT NULL AND (a[f] IS NULL OR a[f] <> row[f])] +
    CASE WHEN size(coalesce(a.search_keys, [])) = size(row.search_keys)
      AND all(k IN row.search_keys WHERE k IN a.search_keys) THEN [] ELSE ['search_keys'] END AS fields
  WHERE fields <> []
  SET a.aliases = row.aliases, a.search_keys = row.search_keys, a.mmp_ids = row.mmp_ids,
      a.rev = coalesce(a.rev, 1) + 1
  WITH a AS n, fields, $change AS change
  WITH n, change {.*, subject: n.id, fields: fields} AS change
  {{change_create}}
}
RETURN count(a) AS actors

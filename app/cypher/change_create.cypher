// The (:Change) node of one change `change` (a map: at, author, op, reason, subject, fields) to the actor or
// source `n`, in the transaction that makes the change: curation's writes (change_record.cypher) and the
// imports that change an existing actor (import_ged_actors.cypher, import_mmp_actors.cypher).
CREATE (ch:Change)-[:CHANGED]->(n)
SET ch = change

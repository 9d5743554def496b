// Backup (alliance backup): every relationship, streamed in the same read transaction as the nodes (see
// backup_nodes.cypher). Endpoints by element id for the file; their labels and `id` (or, without an id,
// all their properties) for the checksum, which must not depend on element ids (a restore makes new ones).
MATCH (a)-[r]->(b)
RETURN type(r) AS type, elementId(a) AS start, elementId(b) AS end, properties(r) AS props,
       [k IN keys(r) WHERE valueType(r[k]) STARTS WITH 'ZONED DATETIME' | {k: k, v: toString(r[k])}] AS zoned,
       [k IN keys(r) WHERE valueType(r[k]) STARTS WITH 'LIST<ZONED DATETIME'
        | {k: k, v: [x IN r[k] | toString(x)]}] AS zoned_lists,
       labels(a) AS start_labels, a.id AS start_id, CASE WHEN a.id IS NULL THEN properties(a) END AS start_props,
       labels(b) AS end_labels, b.id AS end_id, CASE WHEN b.id IS NULL THEN properties(b) END AS end_props

// Backup (alliance backup, alliance checksum): every node with its outgoing relationships, streamed in one
// read transaction (the dump is the whole graph, so no LIMIT: the driver pulls records in batches and the
// file is written as they come). One record per node rather than one per node and per relationship: the
// driver's cost is per record.
// `key` is the node's element id, used only inside the file to join relationships to their endpoints; the
// other end's labels and `id` (or, without an id, all its properties) are for the checksum, which must not
// depend on element ids (a restore makes new ones).
// Zoned datetimes are also read as Neo4j's own text ("...Z" and "...Z[UTC]" are different values that the
// driver reads alike), so the restore rebuilds them exactly with datetime().
MATCH (n)
RETURN elementId(n) AS key, labels(n) AS labels, properties(n) AS props, n.id AS id,
       [k IN keys(n) WHERE valueType(n[k]) STARTS WITH 'ZONED DATETIME' | {k: k, v: toString(n[k])}] AS zoned,
       [k IN keys(n) WHERE valueType(n[k]) STARTS WITH 'LIST<ZONED DATETIME'
        | {k: k, v: [x IN n[k] | toString(x)]}] AS zoned_lists,
       [(n)-[r]->(b) | {
          type: type(r), end: elementId(b), props: properties(r),
          zoned: [k IN keys(r) WHERE valueType(r[k]) STARTS WITH 'ZONED DATETIME' | {k: k, v: toString(r[k])}],
          zoned_lists: [k IN keys(r) WHERE valueType(r[k]) STARTS WITH 'LIST<ZONED DATETIME'
                        | {k: k, v: [x IN r[k] | toString(x)]}],
          end_labels: labels(b), end_id: b.id, end_props: CASE WHEN b.id IS NULL THEN properties(b) END
       }] AS out

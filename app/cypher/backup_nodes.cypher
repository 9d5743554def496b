// Backup (alliance backup): every node, streamed in one read transaction (the dump is the whole graph,
// so no LIMIT: the driver pulls records in batches and the file is written as they come, in constant memory).
// `key` is the node's element id, used only inside the file to join relationships to their endpoints.
// Zoned datetimes are also read as Neo4j's own text ("...Z" and "...Z[UTC]" are different values that the
// driver reads alike), so the restore rebuilds them exactly with datetime().
MATCH (n)
RETURN elementId(n) AS key, labels(n) AS labels, properties(n) AS props,
       [k IN keys(n) WHERE valueType(n[k]) STARTS WITH 'ZONED DATETIME' | {k: k, v: toString(n[k])}] AS zoned,
       [k IN keys(n) WHERE valueType(n[k]) STARTS WITH 'LIST<ZONED DATETIME'
        | {k: k, v: [x IN n[k] | toString(x)]}] AS zoned_lists

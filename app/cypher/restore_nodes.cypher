// Restore (alliance restore): a batch of nodes from a backup file. Labels are dynamic ($(...), Neo4j 5.26),
// each checked against a safe identifier pattern by the service before it gets here, and marked with the
// temporary label _BackupRestore and key _backup_key (indexed by restore_index.cypher) so the relationships
// find their endpoints, and a failed restore deletes exactly what it wrote.
// $rows: [{key, labels, props, zoned: [{k, v}], zoned_lists: [{k, v: [text]}]}]
UNWIND $rows AS row
CREATE (n:$(row.labels + ['_BackupRestore']))
SET n = row.props, n._backup_key = row.key
FOREACH (z IN row.zoned | SET n[z.k] = datetime(z.v))
FOREACH (z IN row.zoned_lists | SET n[z.k] = [x IN z.v | datetime(x)])
RETURN count(n) AS created

// Restore (alliance restore): a batch of relationships, endpoints found by the key the node batches wrote
// (index backup_restore_key). The type is dynamic, checked by the service against a safe identifier pattern.
// A row whose endpoint is missing creates nothing: the caller compares `created` with the batch's size.
// $rows: [{type, start, end, props, zoned, zoned_lists}]
UNWIND $rows AS row
MATCH (a:_BackupRestore {_backup_key: row.start})
MATCH (b:_BackupRestore {_backup_key: row.end})
CREATE (a)-[r:$(row.type)]->(b)
SET r = row.props
FOREACH (z IN row.zoned | SET r[z.k] = datetime(z.v))
FOREACH (z IN row.zoned_lists | SET r[z.k] = [x IN z.v | datetime(x)])
RETURN count(r) AS created

// Restore failed, then: the nodes it wrote (and only those) deleted, 10,000 per transaction.
MATCH (n:_BackupRestore)
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS

// Restore failed: what it wrote (and only that) deleted, in transactions of 10,000 nodes.
MATCH (n:_BackupRestore)
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS

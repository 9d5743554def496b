// Restore failed, first: the relationships it wrote deleted, 10,000 per transaction (see
// restore_wipe_relationships.cypher). Every relationship it wrote starts at a node it wrote.
MATCH (:_BackupRestore)-[r]->()
CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS

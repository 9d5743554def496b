// alliance restore --wipe, then: every node deleted (the relationships are gone: restore_wipe_relationships),
// 10,000 per transaction. The schema stays.
MATCH (n)
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS

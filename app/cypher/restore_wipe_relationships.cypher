// alliance restore --wipe, first: every relationship deleted, 10,000 per transaction (a transaction per node
// would hold all its relationships: an actor of a large graph has thousands, beyond the memory pool).
MATCH ()-[r]->()
CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS

// alliance restore --wipe: every node and relationship deleted, in transactions of 10,000 nodes (the schema stays).
MATCH (n)
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS

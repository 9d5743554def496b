// Restore done: the temporary label and key removed, in transactions of 10,000 nodes (an auto-commit query).
MATCH (n:_BackupRestore)
CALL (n) { REMOVE n:_BackupRestore REMOVE n._backup_key } IN TRANSACTIONS OF 10000 ROWS

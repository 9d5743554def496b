// Restore: the temporary index the relationship batches look their endpoints up in (dropped at the end).
CREATE INDEX backup_restore_key IF NOT EXISTS FOR (n:_BackupRestore) ON (n._backup_key)

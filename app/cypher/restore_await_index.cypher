CALL db.awaitIndex('backup_restore_key', 300)

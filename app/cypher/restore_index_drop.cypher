DROP INDEX backup_restore_key IF EXISTS

"""Bulk import: files read and checked (app/importing), then written in batches, one transaction per batch.

- Idempotent: ids come from the data; claims and events carry a hash of their content (`import_hash`),
  so a row already in the graph unchanged is left alone, a changed one is rewritten (write_claims.cypher,
  seed_events.cypher) and a new one is created (import_claims_create.cypher: CREATE, no MERGE).
- Resumable: every batch is one transaction, so an import killed mid-way leaves whole batches; run again
  it skips what is there and writes the rest, ending with exactly the graph of one clean run.
- A bad row is rejected (file, line, field, reason) before anything of it is written: claims naming an
  actor, source or event that is neither in the file nor in the graph are rejected too, never written
  without their party.
- Reading and checking the next batch (in a worker thread) overlaps writing the current one.

The finished import is recorded as an (:Import) node (format, file, SHA-256, counts), which
`--skip-if-loaded` looks for.

A claims file read for the offline first load (`--offline`: `prepare_offline`, then Neo4j's bulk loader,
then `finish_offline`) goes through the same readers and checks; only the sink differs (`Online` writes
batches, `Offline` writes CSV files: app/importing/bulk.py).

One module per format, over shared parts: `report` (progress, ImportReport), `batching` (batch size,
`import_hash`, reading one ahead), `sink` (the writes: known ids, claims by hash, upserts, events, the
marker); `claims` (NDJSON and CSV claims files), `offline` (their offline first load), `ged` (UCDP GED),
`mmp` (Mapping Militant Organizations, its reader app/importing/mmp.py).
A new format is a new module beside `claims` and `ged`, its reader beside app/importing/ged/.
"""

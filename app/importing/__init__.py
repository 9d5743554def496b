"""Reading import files: the formats' parsing and validation, and the rows the named writes take.

Nothing here talks to Neo4j; `app/services/imports/` runs the batches. Formats: NDJSON and CSV claims
(`records.py`, docs/import-format.md) and UCDP's Georeferenced Event Dataset (`ged/`, one module per phase).
"""

// Record that an import of a file finished: what it was and what it wrote. Only deterministic values are
// set again on a repeat, so importing the same file twice leaves the graph as it was.
// $import: {id, format, file, sha256, release, rows, loaded, rejected}
MERGE (i:Import {id: $import.id})
ON CREATE SET i.first_finished_at = datetime()
SET i += $import
RETURN i.id AS id

// Record that an import of a file finished: what it was and what it wrote. Only deterministic values are
// set again on a repeat, so importing the same file twice leaves the graph as it was.
// $import: {id, format, file, sha256, release, rows, loaded, rejected}
// $recorded_at: the time every claim of this run carries (recorded_at): the import's one change record, by
// which a claim's history names the file as its author (claim_history.cypher). Kept from the first run.
MERGE (i:Import {id: $import.id})
ON CREATE SET i.first_finished_at = datetime(), i.recorded_at = $recorded_at
SET i += $import
RETURN i.id AS id

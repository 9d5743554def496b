// Take the id $id for a new actor or source ({{label}}: the label, from the code's whitelist), or say it
// is taken. MERGE on the uniqueness constraint locks the id; the seed's upsert then sets the properties.
MERGE (n:{{label}} {id: $id})
ON CREATE SET n.pending = true
RETURN n.pending IS NOT NULL AS created

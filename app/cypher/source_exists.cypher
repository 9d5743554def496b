// Whether a source id exists (to answer 404 for an unknown `source` filter).
OPTIONAL MATCH (s:Source {id: $id})
RETURN s IS NOT NULL AS found

// The record of an import of this very file (same format, same bytes, same options), if one finished.
MATCH (i:Import {id: $id})
RETURN i {.*} AS import

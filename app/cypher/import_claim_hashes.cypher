// Which of the claims $ids exist, with the content hash the importer stored on them (null for claims
// written another way: the seed, an analyst). The importer creates the missing ones, rewrites the changed
// ones and leaves the unchanged ones alone.
UNWIND $ids AS id
MATCH (c:Claim {id: id})
RETURN c.id AS id, c.import_hash AS hash

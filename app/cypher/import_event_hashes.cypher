// Which of the events $ids exist, with the content hash the importer stored on them (see import_claim_hashes).
UNWIND $ids AS id
MATCH (e:Event {id: id})
RETURN e.id AS id, e.import_hash AS hash

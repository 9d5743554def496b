// Take the id $id for a new claim, or find the claim that has it. MERGE on the uniqueness constraint locks
// the id, so concurrent identical creations queue here: the first creates, the others find its claim and
// compare the hash of the body that created it ($hash). `pending` is replaced by write_claims.cypher in
// the same transaction.
MERGE (c:Claim {id: $id})
ON CREATE SET c.pending = true
RETURN c.pending IS NOT NULL AS created, c.create_hash AS hash

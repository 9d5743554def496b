// Claims by id, each with its parties and citations (claim_projection), as one list. Every read that
// lists claims selects their ids first, then hydrates only those here (the repository puts them back in
// the order of the selection). Bounded by $ids.
MATCH (c:Claim)
WHERE c.id IN $ids
{{claim_projection}}
RETURN collect(claim) AS claims

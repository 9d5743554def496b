// Fragment: the claims whose ids are in the list `ids`, each with its parties and citations
// (claim_projection), as one list `claims` (one row, empty when no id matches). Seeks the claim_id
// constraint's index per id. Every read that lists claims ends here: claims_by_ids, claims_page.
MATCH (c:Claim)
WHERE c.id IN ids
{{claim_projection}}
RETURN collect(claim) AS claims

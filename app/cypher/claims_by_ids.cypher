// Claims by id (claims_hydration), as one list: the claims a read found another way (a source's
// citations, a claim's detail, the actors' summaries); the repository puts them back in its order.
// Bounded by $ids.
WITH $ids AS ids
{{claims_hydration}}

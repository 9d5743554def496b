// The selection of claims_page from actor_claims_select.cypher.
{{actor_claims_select}}

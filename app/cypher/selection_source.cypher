// The selection of claims_page from source_claims_select.cypher.
{{source_claims_select}}

// The selection of claims_page from claims_select.cypher.
{{claims_select}}

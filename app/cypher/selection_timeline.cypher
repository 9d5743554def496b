// The selection of claims_page from timeline_select.cypher.
{{timeline_select}}

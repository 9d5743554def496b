// The actors and sources a request names, without a page (the slot `named`; as_recorded's lookup, whose
// claims come from claims_as_recorded.cypher in the same transaction). Shaped as claims_page's row.
WITH [] AS ids, [] AS claims
{{named}}
RETURN ids, claims, named_actors, named_sources

// Every actor, with what the UCDP import matches on: UCDP id, name, aliases and search keys.
MATCH (a:Actor)
RETURN a.id AS id, a.name AS name, a.kind AS kind, coalesce(a.aliases, []) AS aliases,
       coalesce(a.search_keys, []) AS search_keys, a.ucdp_id AS ucdp_id
ORDER BY a.id

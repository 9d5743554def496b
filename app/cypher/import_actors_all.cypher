// Every actor, with what the UCDP import matches on: UCDP id, name, aliases and search keys (and where it
// came from: the import reports the matches on actors it did not create itself).
MATCH (a:Actor)
RETURN a.id AS id, a.name AS name, a.kind AS kind, coalesce(a.aliases, []) AS aliases,
       coalesce(a.search_keys, []) AS search_keys, a.ucdp_id AS ucdp_id, a.origin AS origin
ORDER BY a.id

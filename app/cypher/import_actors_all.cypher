// Every actor, with what the UCDP and MMP imports match on: UCDP id, MMP group ids, name, aliases and search
// keys (and where it came from: the imports report the matches on actors they did not create themselves).
MATCH (a:Actor)
RETURN a.id AS id, a.name AS name, a.kind AS kind, coalesce(a.aliases, []) AS aliases,
       coalesce(a.search_keys, []) AS search_keys, a.ucdp_id AS ucdp_id, coalesce(a.mmp_ids, []) AS mmp_ids,
       a.origin AS origin
ORDER BY a.id

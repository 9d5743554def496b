// Every actor's names for the extractor's gazetteer (app/services/extraction.py): id, name, kind,
// aliases, UCDP id. Bounded by $limit.
MATCH (a:Actor)
WITH a ORDER BY a.id
LIMIT $limit
RETURN a.id AS id, a.name AS name, a.kind AS kind, coalesce(a.aliases, []) AS aliases, a.ucdp_id AS ucdp_id

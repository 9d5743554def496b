// The renames of actors from the UCDP Actor Dataset: one (:Succession) per actor and release, its names in
// UCDP's order (original name first), linked to its actor (OF) and citing the dataset (CITES {quote}).
// Written again unchanged on a repeat; an OF edge to another actor (the UCDP id landed elsewhere) is redrawn.
// $names: [{id, actor, source, quote, props: {id, names, full_names, english_names, ucdp_id, ...}}]
UNWIND $names AS row
MATCH (a:Actor {id: row.actor})
MATCH (s:Source {id: row.source})
MERGE (n:Succession {id: row.id})
SET n = row.props
WITH n, a, s, row
CALL (n, a, s) {
  OPTIONAL MATCH (n)-[old:OF|CITES]->(other)
  WHERE other <> a AND other <> s
  DELETE old
}
MERGE (n)-[:OF]->(a)
MERGE (n)-[c:CITES]->(s)
SET c.quote = row.quote, c.stance = 'supports', c.position = 0
RETURN count(n) AS names

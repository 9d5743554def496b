// The claim $id as stored, to be revised: its properties, parties (role, actor id), citations and evidence.
// Setting `rev` takes the claim's write lock at once, so two revisions of one claim queue here and the
// second sees the first's revision (its If-Match then fails: 412).
MATCH (c:Claim {id: $id})
SET c.rev = coalesce(c.rev, 1)
RETURN c {.*} AS props,
       COLLECT { MATCH (c)-[p:PARTY]->(a:Actor) WITH p, a ORDER BY p.position RETURN [p.role, a.id] } AS parties,
       COLLECT { MATCH (c)-[x:CITES]->(s:Source) WITH x, s ORDER BY x.position
                 RETURN {source: s.id, quote: x.quote, stance: x.stance, note: x.note} } AS citations,
       COLLECT { MATCH (c)-[:EVIDENCED_BY]->(e:Event) RETURN e.id } AS evidence

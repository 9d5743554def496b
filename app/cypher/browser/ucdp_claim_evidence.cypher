// Neo4j Browser: the evidence behind a claim drawn from UCDP's event data: the events that back it, where
// they happened, who took part, and the dataset rows they cite. Claims imported from an event dataset
// carry their intensity (events, deaths_low, deaths_best, deaths_high); this opens the one with the most
// events. For another claim, replace the first two lines with: MATCH (c:Claim {id: '...'})
MATCH (c:Claim) WHERE c.events IS NOT NULL
WITH c ORDER BY c.events DESC, c.id LIMIT 1
MATCH (c)-[p:PARTY]->(a:Actor)
OPTIONAL MATCH (c)-[ev:EVIDENCED_BY]->(e:Event)
OPTIONAL MATCH (e)-[at:AT]->(place:Place)
OPTIONAL MATCH (e)-[inv:INVOLVED]->(who:Actor)
OPTIONAL MATCH (e)-[q:CITES]->(s:Source)
RETURN c, p, a, ev, e, at, place, inv, who, q, s
LIMIT 500

// Upsert events with their place, participants and citations (all redrawn from the seed).
// $events: [{id, props, place, participants: [{actor, role}], citations: [{source, quote, stance, note, position}]}]
UNWIND $events AS row
MERGE (e:Event {id: row.id})
SET e = row.props
WITH e, row
OPTIONAL MATCH (e)-[old:AT|INVOLVED|CITES]->()
DELETE old
WITH DISTINCT e, row
{{event_links}}
RETURN count(e) AS events

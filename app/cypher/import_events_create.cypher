// Create events the importer knows are new (import_event_hashes found none of their ids), with their place,
// participants and citations (event_links.cypher, as seed_events.cypher draws them), without looking for old
// links to delete. The bounds arrive as ISO text and are made dates here (the driver packs text much faster).
// $events: [{id, props, place, participants: [{actor, role}], citations: [{source, quote, stance, note, position}]}]
UNWIND $events AS row
CREATE (e:Event)
SET e = row.props, e.from_lo = date(row.props.from_lo), e.from_hi = date(row.props.from_hi),
    e.to_lo = date(row.props.to_lo), e.to_hi = date(row.props.to_hi)
WITH e, row
{{event_links}}
RETURN count(e) AS events

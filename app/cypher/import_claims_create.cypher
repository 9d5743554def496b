// Create claims the importer knows are new (import_claim_hashes found none of their ids), with their
// parties, citations, evidence and typed edge (claim_links.cypher, as write_claims.cypher draws them),
// without looking for an old claim to redraw. Run in the batch's one transaction.
// $claims: [{id, props, parties: [{actor, role, position}], citations: [{source, quote, stance, note, position}],
//            evidence: [event id], edge: {type, from, to}}]
// edge.type is one of the whitelist in app/domain/model.py (REL_TYPES), never text from input. The
// importer checked beforehand that every actor, source and event named exists.
// The bounds arrive as ISO text and are made dates here, and recorded_at is an index into $recorded_at (the
// batch's few distinct times): the driver packs text and small lists much faster than temporal values, and
// the values stored are the same.
UNWIND $claims AS row
CREATE (c:Claim)
SET c = row.props, c.from_lo = date(row.props.from_lo), c.from_hi = date(row.props.from_hi),
    c.to_lo = date(row.props.to_lo), c.to_hi = date(row.props.to_hi), c.recorded_at = $recorded_at[row.recorded]
WITH c, row
{{claim_links}}
RETURN count(c) AS claims

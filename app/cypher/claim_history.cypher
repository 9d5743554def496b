// The states of the claim $id, oldest first: its versions (ClaimVersion, by revision) and its current
// state, each projected as the claim was then, with who recorded it, when, what they did and why.
// Claims loaded by the seed or an import have no change fields: their author is the seed file, or the file
// of the import whose record (:Import) carries their recorded_at (else their origin); their time is
// recorded_at. Bounded by $limit states.
MATCH (current:Claim {id: $id})
WITH current, COLLECT { MATCH (current)-[:VERSION]->(v:ClaimVersion) RETURN v ORDER BY v.rev LIMIT $limit } AS versions
UNWIND versions + [current] AS c
{{claim_projection}}
RETURN collect({
  revision: coalesce(c.rev, 1),
  recorded_from: toString(coalesce(c.recorded_from, c.recorded_at)),
  recorded_until: toString(c.recorded_until),
  author: coalesce(c.recorded_by, c.seed_file,
                  COLLECT { MATCH (i:Import) WHERE i.recorded_at = c.recorded_at RETURN i.file LIMIT 1 }[0], c.origin),
  op: coalesce(c.change_op, 'create'),
  reason: c.change_reason,
  claim: claim
}) AS states

// Shortest paths between two actors over the typed edges valid in the window (same predicates as
// relationships_window.cypher), at most 6 steps (the service drops paths longer than the client's
// max_length). The pattern lists every typed edge; $types (from the kind whitelist) narrows them.
MATCH (a:Actor {id: $from}), (b:Actor {id: $to})
MATCH p = allShortestPaths((a)-[:ALLIED_WITH|HOSTILE_TO|DEFECTED_TO|AFFILIATED_WITH|MEMBER_OF|SPLIT_FROM*..6]-(b))
WHERE all(r IN relationships(p) WHERE
        type(r) IN $types
        AND r.confidence >= $min_confidence
        AND ($statuses IS NULL OR r.status IN $statuses)
        AND ($start IS NULL OR
             CASE $mode
               WHEN 'certainly' THEN r.from_hi <= $start AND r.to_lo >= $end
               ELSE r.from_lo <= $end AND r.to_hi >= $start
             END))
WITH p LIMIT $limit
RETURN [n IN nodes(p) | n {.id, .name, .kind}] AS actors,
       [r IN relationships(p) | {type: type(r), claim_id: r.claim_id, kind: r.kind,
                                 start: startNode(r).id, end: endNode(r).id}] AS steps

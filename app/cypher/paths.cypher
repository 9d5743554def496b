// Shortest paths between two actors over the typed edges that meet the same window, status and
// confidence conditions as claims (the edge carries its claim's bounds; the fragments name it `c`),
// at most 6 steps (the service drops paths longer than the client's max_length). $types (from the kind
// whitelist) narrows the edge types.
MATCH (a:Actor {id: $from}), (b:Actor {id: $to})
MATCH p = allShortestPaths((a)-[:ALLIED_WITH|FOUGHT_ALONGSIDE|HOSTILE_TO|DEFECTED_TO|AFFILIATED_WITH|MEMBER_OF|SPLIT_FROM*..6]-(b))
WHERE all(c IN relationships(p) WHERE
        type(c) IN $types
        AND c.confidence >= $min_confidence
        AND {{status}}
        AND {{window}})
WITH p LIMIT $limit
RETURN [n IN nodes(p) | n {.id, .name, .kind}] AS actors,
       [r IN relationships(p) | {type: type(r), claim_id: r.claim_id, start: startNode(r).id, end: endNode(r).id}] AS steps

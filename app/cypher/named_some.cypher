// Fragment of claims_page: the actors ($named_actors) and sources ($named_sources) the request names, each
// with what the graph holds under its id (null, false: nothing), read in the page's statement so that an
// unknown id is a 404 and not an empty page, without a transaction of its own (docs/performance.md).
WITH ids, claims, {{named_actor_refs}} AS named_actors,
     [i IN $named_sources | {id: i, found: EXISTS { MATCH (:Source {id: i}) }}] AS named_sources

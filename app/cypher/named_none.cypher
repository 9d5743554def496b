// Fragment of claims_page: the request names no actor and no source to look up.
WITH ids, claims, [] AS named_actors, [] AS named_sources

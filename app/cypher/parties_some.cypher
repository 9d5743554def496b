// Fragment: every actor of $actors is a party of `c` (a claim or one of its versions).
all(actor IN $actors WHERE EXISTS { (c)-[:PARTY]->(:Actor {id: actor}) })

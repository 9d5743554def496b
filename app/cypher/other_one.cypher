// Fragment: $other is a party to the claim `c` too.
EXISTS { (c)-[:PARTY]->(:Actor {id: $other}) }

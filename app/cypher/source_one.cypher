// Fragment: the claim `c` cites the source $source.
EXISTS { (c)-[:CITES]->(:Source {id: $source}) }

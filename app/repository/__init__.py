"""The only layer that talks to Neo4j: the driver, the catalog of named Cypher files, the read and write
repositories. Services see typed results, never a session or a Cypher string."""

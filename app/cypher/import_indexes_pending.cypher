// Indexes (constraints' too) not yet online: after an offline first load they are built on the whole graph.
SHOW INDEXES YIELD name, state
WHERE state <> 'ONLINE'
RETURN name, state

SIZE ?= 100000
DURATION ?= 300

.PHONY: run test bench load neo4j-start neo4j-stop neo4j-reset seed
run:            ## Neo4j + seed data + API on :8000 (foreground)
	scripts/run.sh
test:           ## ruff, mypy and pytest against a real Neo4j
	scripts/test.sh
bench:          ## the performance benchmark (SIZE claims; own Neo4j on :7689): make bench SIZE=1000000
	scripts/bootstrap.sh --bench && .venv/bin/python -m bench.run --size $(SIZE)
load:           ## a read load on the API for DURATION seconds (NEO4J_* settings; make run's graph): make load DURATION=300
	scripts/bootstrap.sh && .venv/bin/python -m bench.load --duration $(DURATION)
neo4j-start:
	scripts/bootstrap.sh && .venv/bin/python -m tools.neo4j_local start
neo4j-stop:
	.venv/bin/python -m tools.neo4j_local stop
neo4j-reset:
	.venv/bin/python -m tools.neo4j_local reset
seed:
	.venv/bin/alliance seed

#!/usr/bin/env bash
# The main job: local Neo4j (or NEO4J_URI if set), the seed data and the shipped UCDP GED files, the API on
# 127.0.0.1:${API_PORT:-8000}.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
browser=""
if [ -z "${NEO4J_URI:-}" ]; then
  .venv/bin/python -m tools.neo4j_local start
  export NEO4J_URI="bolt://127.0.0.1:${LOCAL_NEO4J_BOLT_PORT:-7687}"
  # the local database's password (generated on its first start, in ${LOCAL_NEO4J_HOME}/password) unless given
  if [ -z "${NEO4J_PASSWORD:-}" ]; then
    NEO4J_PASSWORD="$(.venv/bin/python -m tools.neo4j_local password)"
    export NEO4J_PASSWORD
  fi
  browser="; Neo4j Browser (connection filled in): $(.venv/bin/python -m tools.neo4j_local link)"
fi
.venv/bin/alliance seed
# real data: UCDP's GED events for Syria 2004-2015 (GED 21.1, a 14-column subset) and 2016-2019 (data/ucdp/,
# CC BY 4.0), so that August 2014 is answered from UCDP and the article together; each skipped when already loaded
.venv/bin/alliance import ucdp-ged data/ucdp/ged-21.1-subset-syria-2004-2015.csv.gz \
  --actors data/ucdp/ucdp-actor-22.1.csv.gz --release "21.1 Syria 2004-2015 subset" --skip-if-loaded
.venv/bin/alliance import ucdp-ged data/ucdp/ged-syria-2016-2019.csv.gz --actors data/ucdp/ucdp-actor-22.1.csv.gz \
  --release "Syria 652.1601.1911" --skip-if-loaded
# the UCDP Actor Dataset as claims (after the GED files, whose events date its ties), for the actors the graph
# already has: their renames, splits and memberships (docs/ucdp-actors.md); skipped when nothing changed
.venv/bin/alliance import ucdp-actors data/ucdp/ucdp-actor-22.1.csv.gz --known-only --skip-if-loaded
# Mapping Militant Organizations' relationships (not shipped: MMP's data carry no licence, only a request to be
# cited): from MMP_DIR, or ../shared/data/mmp where present; skipped when these files are already loaded
mmp_dir="${MMP_DIR:-../shared/data/mmp}"
if [ -f "$mmp_dir/Militant-Group-Relationships-clean.csv" ]; then
  key=()
  if [ -f "$mmp_dir/Militant-Group-Key.csv" ]; then key=(--key "$mmp_dir/Militant-Group-Key.csv"); fi
  status=0
  .venv/bin/alliance import mmp "$mmp_dir/Militant-Group-Relationships-clean.csv" "${key[@]}" --skip-if-loaded \
    || status=$?
  if [ "$status" -gt 1 ]; then exit "$status"; fi  # 1: some rows rejected (listed above); the others are loaded
else
  echo "MMP relationships not loaded: no $mmp_dir/Militant-Group-Relationships-clean.csv. Mapping Militant" \
    "Organizations (Stanford) publishes its data at https://cisac.fsi.stanford.edu/mappingmilitants; put" \
    "Militant-Group-Relationships-clean.csv and Militant-Group-Key.csv in a folder and set MMP_DIR to it."
fi
echo "API on http://127.0.0.1:${API_PORT:-8000} (docs at /docs)${browser}"
# one worker per core (API_WORKERS): each holds its own driver; the API keeps no state between requests.
# HTTP edges (docs/reliability.md): h11 with a 16 KB request head (httptools has no limit), idle keep-alive
# connections closed after 5 s, at most 256 connections per worker (then uvicorn's own 503).
exec .venv/bin/uvicorn app.main:app --host "${API_HOST:-127.0.0.1}" --port "${API_PORT:-8000}" \
  --workers "${API_WORKERS:-$(nproc)}" --no-access-log \
  --http h11 --h11-max-incomplete-event-size 16384 --timeout-keep-alive 5 --limit-concurrency 256

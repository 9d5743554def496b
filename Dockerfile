# The API image: Python 3.11, the locked dependencies (uv.lock), the app, its Cypher files, the seed data and the
# shipped UCDP GED file (data/).
# Built and started by docker-compose.yml next to a Neo4j 5.26 container; tests/test_compose_wiring.py checks the wiring.
FROM python:3.11-slim

ENV UV_PYTHON_DOWNLOADS=never \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_NO_CACHE=1 \
    PATH=/app/.venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1

RUN pip install --no-cache-dir --disable-pip-version-check --root-user-action=ignore "uv>=0.5,<1" \
    && groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --no-create-home --home-dir /app --shell /usr/sbin/nologin app

WORKDIR /app

# The dependencies first, in a layer of their own: it is rebuilt only when the lock changes.
# README.md is needed because pyproject.toml names it as the package's readme.
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --frozen --no-dev --no-install-project

# Then the project itself (its Cypher files are inside the package, app/cypher/; cypher/ is a link to them).
COPY app/ ./app/
COPY seed/ ./seed/
COPY data/ ./data/
RUN uv sync --frozen --no-dev

# The "app" user made above (numeric, so a runtime can tell it is not root).
USER 10001:10001

EXPOSE 8000

# Liveness only (the process answers): urlopen raises, so python exits 1, on anything but a 2xx.
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health/live', timeout=4)"]

# Load the seed data, then the shipped UCDP GED files as scripts/run.sh does (all idempotent; a GED file's rows
# are skipped when that file is already loaded; a failure stops the container, and compose restarts it), then serve.
# The HTTP edges as in scripts/run.sh (docs/reliability.md). Shell form on purpose (several steps); exec makes uvicorn replace the shell, so it is PID 1 and gets docker's SIGTERM.
# hadolint ignore=DL3025
CMD alliance seed seed && alliance import ucdp-ged data/ucdp/ged-21.1-subset-syria-2004-2015.csv.gz \
    --actors data/ucdp/ucdp-actor-22.1.csv.gz --release "21.1 Syria 2004-2015 subset" --skip-if-loaded \
    && alliance import ucdp-ged data/ucdp/ged-syria-2016-2019.csv.gz \
    --actors data/ucdp/ucdp-actor-22.1.csv.gz --release "Syria 652.1601.1911" --skip-if-loaded \
    && exec uvicorn app.main:app --host 0.0.0.0 --port 8000 \
    --http h11 --h11-max-incomplete-event-size 16384 --timeout-keep-alive 5 --limit-concurrency 256

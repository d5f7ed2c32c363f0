#!/usr/bin/env bash
# Set up with the dev tools, then lint, type-check and run the whole test suite; then the
# server tests again on PostgreSQL with Celery and Channels on Redis, when those run here.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh dev
scripts/system-packages.sh
export STORYREEL_SYSTEM_PACKAGES=required  # now a test that skips for want of one fails
.venv/bin/ruff check src tests bench
.venv/bin/ruff format --check src tests bench
.venv/bin/mypy
.venv/bin/lint-imports --no-cache  # the layer map in pyproject.toml ([tool.importlinter])
.venv/bin/python -m pytest "$@"
PG_URL="${STORYREEL_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432}"
REDIS="${STORYREEL_TEST_REDIS_URL:-redis://127.0.0.1:6379}"
if .venv/bin/python - "$PG_URL" "$REDIS" <<'PY'
import sys, psycopg, redis
try:
    psycopg.connect(sys.argv[1] + "/postgres", connect_timeout=3).close()
    redis.Redis.from_url(sys.argv[2], socket_connect_timeout=3).ping()
except Exception as error:
    print(f"distributed server tests skipped: {error}", file=sys.stderr)
    sys.exit(1)
PY
then
  .venv/bin/python - "$PG_URL" "$REDIS" <<'PY'
import sys, psycopg, redis
with psycopg.connect(sys.argv[1] + "/postgres", autocommit=True) as db:
    db.execute("DROP DATABASE IF EXISTS storyreel_ci WITH (FORCE)")
    db.execute("CREATE DATABASE storyreel_ci")
for number in (14, 15):  # the test broker and channel layer start empty
    redis.Redis.from_url(f"{sys.argv[2]}/{number}").flushdb()
PY
  echo "server tests on PostgreSQL, Celery broker and channel layer on Redis"
  DATABASE_URL="$PG_URL/storyreel_ci" REDIS_URL="$REDIS/15" CELERY_BROKER_URL="$REDIS/14" \
    .venv/bin/python -m pytest tests/server "$@"
else
  echo "to run them: start PostgreSQL and Redis on 127.0.0.1 (or set STORYREEL_TEST_PG_URL /" \
       "STORYREEL_TEST_REDIS_URL)"
fi

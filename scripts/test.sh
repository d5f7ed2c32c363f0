#!/usr/bin/env bash
# Set up with the dev tools, then lint, type-check and run the whole test suite; then the
# server tests again on PostgreSQL with Celery and Channels on Redis, and on MariaDB with
# Celery on RabbitMQ, when those run here.
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
    # and the test database a stopped run may have left, with a session still open on it
    db.execute("DROP DATABASE IF EXISTS test_storyreel_ci WITH (FORCE)")
    db.execute("CREATE DATABASE storyreel_ci")
for number in (14, 15):  # the test broker and channel layer start empty
    redis.Redis.from_url(f"{sys.argv[2]}/{number}").flushdb()
PY
  echo "server tests on PostgreSQL, Celery broker and channel layer on Redis"
  DATABASE_URL="$PG_URL/storyreel_ci" REDIS_URL="$REDIS/15" CELERY_BROKER_URL="$REDIS/14" \
    .venv/bin/python -m pytest tests/server -m "not once" "$@"
else
  echo "to run them: start PostgreSQL and Redis on 127.0.0.1 (or set STORYREEL_TEST_PG_URL /" \
       "STORYREEL_TEST_REDIS_URL)"
fi
MY_URL="${STORYREEL_TEST_MYSQL_URL:-mysql://root@127.0.0.1:3306}"
AMQP="${STORYREEL_TEST_AMQP_URL:-amqp://guest:guest@127.0.0.1:5672//}"
if .venv/bin/python - "$MY_URL" "$AMQP" <<'PY'
import sys, dj_database_url, kombu, pymysql
try:
    db = dj_database_url.parse(sys.argv[1] + "/mysql")
    with pymysql.connect(host=db["HOST"], port=int(db["PORT"] or 3306), user=db["USER"],
                         password=db["PASSWORD"] or "", connect_timeout=3, autocommit=True) as my:
        with my.cursor() as cursor:
            cursor.execute("DROP DATABASE IF EXISTS storyreel_ci")
            cursor.execute("DROP DATABASE IF EXISTS test_storyreel_ci")
            cursor.execute("CREATE DATABASE storyreel_ci CHARACTER SET utf8mb4")
    with kombu.Connection(sys.argv[2], connect_timeout=3) as broker:
        broker.SimpleQueue("celery").clear()  # the test broker starts empty
except Exception as error:
    print(f"MariaDB server tests skipped: {error}", file=sys.stderr)
    sys.exit(1)
PY
then
  echo "server tests on MariaDB, Celery broker on RabbitMQ"
  DATABASE_URL="$MY_URL/storyreel_ci" CELERY_BROKER_URL="$AMQP" \
    .venv/bin/python -m pytest tests/server -m "not once" "$@"
else
  echo "to run them: start MariaDB (or MySQL 8) and RabbitMQ on 127.0.0.1 (or set" \
       "STORYREEL_TEST_MYSQL_URL / STORYREEL_TEST_AMQP_URL)"
fi

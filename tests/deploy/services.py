"""Empty databases and queues of their own for a deployment test, on this machine's
PostgreSQL, MariaDB, Redis and RabbitMQ (the test skips, saying so, where one is not running)."""

from __future__ import annotations

import os

import pytest

PG = os.environ.get("STORYREEL_TEST_PG_URL", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("STORYREEL_TEST_REDIS_URL", "redis://127.0.0.1:6379")
MYSQL = os.environ.get("STORYREEL_TEST_MYSQL_URL", "mysql://root@127.0.0.1:3306")
AMQP = os.environ.get("STORYREEL_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672//")
QUEUE = "storyreel-deploy-test"  # its own queue: other test runs share this RabbitMQ


def _database(kind: str) -> str:
    """An empty database of its own."""
    if kind == "postgresql":
        import psycopg

        with psycopg.connect(f"{PG}/postgres", autocommit=True, connect_timeout=3) as db:
            db.execute("DROP DATABASE IF EXISTS storyreel_deploy WITH (FORCE)")
            db.execute("CREATE DATABASE storyreel_deploy")
        return f"{PG}/storyreel_deploy"
    import dj_database_url
    import pymysql

    found = dj_database_url.parse(f"{MYSQL}/mysql")
    with pymysql.connect(
        host=found["HOST"], port=int(found["PORT"] or 3306), user=found["USER"],
        password=found["PASSWORD"] or "", connect_timeout=3, autocommit=True,
    ) as db, db.cursor() as cursor:  # fmt: skip
        cursor.execute("DROP DATABASE IF EXISTS storyreel_deploy")
        cursor.execute("CREATE DATABASE storyreel_deploy CHARACTER SET utf8mb4")
    return f"{MYSQL}/storyreel_deploy"


def _broker(kind: str) -> str:
    if kind == "redis":
        import redis

        redis.Redis.from_url(f"{REDIS}/11", socket_connect_timeout=3).flushdb()
        return f"{REDIS}/11"
    import kombu

    with kombu.Connection(AMQP, connect_timeout=3) as broker:
        broker.SimpleQueue(QUEUE).clear()
    return AMQP


def fresh_services(database: str, broker: str) -> tuple[str, str, str]:
    """Empty databases and queues of their own: (database URL, broker URL, Redis URL)."""
    import redis

    try:
        redis.Redis.from_url(f"{REDIS}/12", socket_connect_timeout=3).flushdb()
        return _database(database), _broker(broker), f"{REDIS}/12"
    except Exception as error:  # a service this machine does not run
        pytest.skip(f"the deployment test needs {database} and {broker} on 127.0.0.1: {error}")

"""Server tests: users with tokens (Django settings come from tests/conftest.py)."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

import pytest
from rest_framework.test import APIClient

from livestack import make_user, stack  # noqa: F401  (the live server and a node)


@pytest.fixture()
def alice(db: None) -> APIClient:
    return make_user("alice")[0]


@pytest.fixture()
def bob(db: None) -> APIClient:
    return make_user("bob")[0]


@pytest.fixture(scope="session", autouse=True)
def _lease_threads_let_go_of_the_database(django_db_setup: None) -> Iterator[None]:
    """The lease long polls run on threads of their own that keep their database
    connections (apis/fleet.py); at the end each of those threads closes its own, before the
    test database is dropped (it depends on django_db_setup, so it ends first): PostgreSQL
    refuses to drop a database with sessions open on it."""
    yield
    from django.db import connections

    from storyreel.server.studio.apis import fleet

    workers = fleet._LEASES._max_workers
    gate = threading.Barrier(workers, timeout=10)

    def close() -> None:
        with contextlib.suppress(threading.BrokenBarrierError):
            gate.wait()  # one call on each thread of the pool
        connections.close_all()

    for done in [fleet._LEASES.submit(close) for _ in range(workers)]:
        done.result(timeout=30)

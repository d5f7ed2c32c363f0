"""Django settings for the test run (pytest-django loads this before any test).

Defaults for the test environment first, then the real settings module reads them; a real
environment (DATABASE_URL, REDIS_URL, CELERY_BROKER_URL, ...) still wins.
"""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("STORYREEL_DATA_DIR", tempfile.mkdtemp(prefix="storyreel-server-"))
os.environ.setdefault("STORYREEL_TASKS_EAGER", "1")
os.environ.setdefault("STORYREEL_WEBHOOK_SECRET", "test-webhook-secret")
os.environ.setdefault("STORYREEL_NODE_TOKEN", "test-node-token")
os.environ.setdefault("STORYREEL_THROTTLE_USER", "100000/minute")
os.environ.setdefault("STORYREEL_THROTTLE_ANON", "100000/minute")

from storyreel.server.settings import *  # noqa: F403

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, like the real thing: in-memory SQLite shares one cache across threads and
    # answers "table is locked" where a file database with WAL waits its turn.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}  # noqa: F405

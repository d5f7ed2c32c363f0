"""Django settings, read from the environment in one place.

Embedded defaults need no services: SQLite, a filesystem Celery broker, an in-memory channel
layer and a local media folder under STORYREEL_DATA_DIR. Distributed: DATABASE_URL
(PostgreSQL), CELERY_BROKER_URL (Redis, RabbitMQ), REDIS_URL (channel layer), S3 storage.
Production (STORYREEL_ENV=production) refuses to start without a secret key and hosts.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from storyreel.settings import Settings

ENV = Settings.from_env().env
PRODUCTION = Settings.from_env().production
DATA_DIR = Path(
    os.environ.get("STORYREEL_DATA_DIR", str(Path.home() / ".local" / "share" / "storyreel"))
)
DATA_DIR.mkdir(parents=True, exist_ok=True)


def use_pymysql() -> None:
    """Django's MySQL backend imports MySQLdb (mysqlclient, which compiles against the C
    client); the `mysql` extra installs PyMySQL instead, which stands in for it."""
    if importlib.util.find_spec("MySQLdb") is not None:
        return
    try:
        import pymysql
    except ImportError as error:
        raise ImproperlyConfigured(
            "DATABASE_URL is MySQL/MariaDB but no driver is installed: "
            'pip install "storyreel[server,mysql]"'
        ) from error
    pymysql.install_as_MySQLdb()


def _required(name: str) -> str:
    value = os.environ.get(name, "")
    if not value:
        raise ImproperlyConfigured(f"{name} must be set when STORYREEL_ENV=production")
    return value


SECRET_KEY = (
    _required("STORYREEL_SECRET_KEY")
    if PRODUCTION
    else os.environ.get("STORYREEL_SECRET_KEY", "storyreel-development-only-not-secret")
)
if PRODUCTION and len(SECRET_KEY) < 32:
    raise ImproperlyConfigured(
        "STORYREEL_SECRET_KEY is shorter than 32 characters; use a long random one, e.g. "
        "python -c 'import secrets; print(secrets.token_urlsafe(48))'"
    )
DEBUG = os.environ.get("STORYREEL_DEBUG", "0") == "1" and not PRODUCTION
ALLOWED_HOSTS = (
    _required("STORYREEL_ALLOWED_HOSTS").split(",")
    if PRODUCTION
    else os.environ.get("STORYREEL_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver").split(
        ","
    )
)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "channels",
    "storyreel.server.studio",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "storyreel.server.studio.logging.RequestLogMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # sync-only and innermost on purpose: the whole chain then runs in one thread (see there)
    "storyreel.server.studio.timing.ServerTimingMiddleware",
]
ROOT_URLCONF = "storyreel.server.urls"
ASGI_APPLICATION = "storyreel.server.asgi.application"
TEMPLATES: list[dict[str, object]] = []

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'storyreel.sqlite3'}"),
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the worker write while the server reads; wait rather than fail on a lock.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    # one connection per thread, kept: the ASGI server runs requests on a few long-lived
    # threads (storyreel.server.threads), the worker on its pool's threads
    DATABASES["default"]["CONN_MAX_AGE"] = 600
if DATABASES["default"]["ENGINE"] == "django.db.backends.mysql":
    use_pymysql()
    # utf8mb4: Chinese stories and emoji; strict mode: a value too long is an error, not cut
    DATABASES["default"]["OPTIONS"] = {
        "charset": "utf8mb4",
        "init_command": "SET sql_mode='STRICT_TRANS_TABLES', innodb_strict_mode=1",
        "isolation_level": "read committed",
    }
    DATABASES["default"].setdefault("TEST", {})["CHARSET"] = "utf8mb4"
    DATABASES["default"]["TEST"]["COLLATION"] = "utf8mb4_unicode_ci"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
TIME_ZONE = "UTC"

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_ROOT = Path(os.environ.get("STORYREEL_MEDIA_ROOT", str(DATA_DIR / "media")))
STORAGES: dict[str, dict[str, object]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if os.environ.get("STORYREEL_S3_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["STORYREEL_S3_BUCKET"],
            "endpoint_url": os.environ.get("STORYREEL_S3_ENDPOINT_URL") or None,
            "querystring_auth": True,
            "querystring_expire": 3600,
        },
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "storyreel.server.studio.authentication.ExpiringTokenAuthentication"
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "storyreel.server.studio.errors.exception_handler",
    # JSON only: a browser's Accept: text/html gets JSON too (no templates are installed)
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "storyreel.server.studio.negotiation.JsonOnly",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    # How many proxies (Nginx, ...) stand in front: the client address is taken that many hops
    # from the right of X-Forwarded-For, never from what the client itself wrote there (a
    # rotating header used to bypass the login throttle). 0: the socket's address.
    "NUM_PROXIES": int(os.environ.get("STORYREEL_NUM_PROXIES", "0")),
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("STORYREEL_THROTTLE_ANON", "60/minute"),
        "user": os.environ.get("STORYREEL_THROTTLE_USER", "6000/minute"),
        "media": os.environ.get("STORYREEL_THROTTLE_MEDIA", "12000/minute"),
    },
}
SPECTACULAR_SETTINGS = {"TITLE": "StoryReel API", "VERSION": "0.1.0"}


def redis_channel_layer(url: str) -> dict[str, object]:
    """The Redis channel layer for the project WebSockets.

    redis-py 8 reads with a 5 s socket timeout, and channels_redis waits for messages with a
    5 s BRPOP: the read timed out as the BRPOP ended, and every idle socket died 5 s after its
    last event. Reads now wait for the BRPOP (which Redis ends by itself after 5 s; a longer
    client timeout instead held up every consumer's shutdown by that long); keepalive finds
    a dead connection."""
    host = {
        "address": url,
        "socket_timeout": None,  # reads wait for the BRPOP, which ends by itself in 5 s
        "socket_connect_timeout": 5,
        "socket_keepalive": True,
    }
    return {"BACKEND": "channels_redis.core.RedisChannelLayer", "CONFIG": {"hosts": [host]}}


CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if os.environ.get("REDIS_URL"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["REDIS_URL"],
    }
    CHANNEL_LAYERS = {"default": redis_channel_layer(os.environ["REDIS_URL"])}
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# Celery: a broker that needs no server by default (files under DATA_DIR).
_BROKER_DIR = DATA_DIR / "broker"
(_BROKER_DIR / "processed").mkdir(parents=True, exist_ok=True)
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://")
CELERY_TASK_SOFT_TIME_LIMIT = int(os.environ.get("STORYREEL_TASK_SOFT_LIMIT_S", "600"))
CELERY_TASK_TIME_LIMIT = CELERY_TASK_SOFT_TIME_LIMIT + 60
CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = (
    {
        "data_folder_in": str(_BROKER_DIR),
        "data_folder_out": str(_BROKER_DIR),
        "processed_folder": str(_BROKER_DIR / "processed"),
        # kombu's default is ./control, in whatever folder the process started
        "control_folder": str(_BROKER_DIR / "control"),
        "store_processed": False,
    }
    if CELERY_BROKER_URL.startswith("filesystem")
    else {
        # Redis: a message a dead worker held goes to another worker after this long; longer
        # than the hard time limit, so a slow task is never run twice.
        "visibility_timeout": int(
            os.environ.get("STORYREEL_BROKER_VISIBILITY_S", str(CELERY_TASK_TIME_LIMIT + 60))
        ),
        "unacked_restore_interval": int(os.environ.get("STORYREEL_BROKER_RESTORE_S", "10")),
        "unacked_restore_throttle": 1,
    }
)
# Every task ends: one still PENDING or RUNNING this long after it was queued or sent to the
# node is failed by the sweep (every STORYREEL_SWEEP_S, Celery beat; `storyreel up` runs it).
STORYREEL_TASK_DEADLINE_S = int(
    os.environ.get("STORYREEL_TASK_DEADLINE_S", str(CELERY_TASK_TIME_LIMIT + 60))
)
STORYREEL_SWEEP_S = float(os.environ.get("STORYREEL_SWEEP_S", "30"))
# how long WebSocket events are kept for clients that reconnect (`?since=`)
STORYREEL_EVENT_KEEP_S = float(os.environ.get("STORYREEL_EVENT_KEEP_S", "86400"))
CELERY_BEAT_SCHEDULE = {
    "tasks-sweep": {
        "task": "storyreel.server.studio.tasks.tasks_sweep",
        "schedule": STORYREEL_SWEEP_S,
    }
}
CELERY_TASK_ALWAYS_EAGER = os.environ.get("STORYREEL_TASKS_EAGER", "0") == "1"
# the broker queue the tasks go to (deployments sharing one broker each use their own)
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("STORYREEL_TASK_QUEUE", "celery")
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1

# On object storage, downloads and media links redirect to presigned URLs (clients fetch from
# the store, not through Django); 0 streams through Django (a store clients cannot reach).
STORYREEL_S3_REDIRECT = os.environ.get("STORYREEL_S3_REDIRECT", "1") == "1"
STORYREEL_NODE_URL = os.environ.get("STORYREEL_NODE_URL", "http://127.0.0.1:8100")
STORYREEL_NODE_TOKEN = os.environ.get("STORYREEL_NODE_TOKEN", "")
# Hosts (host:port) besides the node's own URL that results may be fetched from: the node's
# public URL when it differs, its S3 endpoint.
STORYREEL_NODE_RESULT_HOSTS = os.environ.get("STORYREEL_NODE_RESULT_HOSTS", "")
STORYREEL_WEBHOOK_SECRET = (
    _required("STORYREEL_WEBHOOK_SECRET")
    if PRODUCTION
    else os.environ.get("STORYREEL_WEBHOOK_SECRET", "storyreel-development-webhook")
)
# How the node reaches this server's webhook.
STORYREEL_PUBLIC_URL = os.environ.get("STORYREEL_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
STORYREEL_MAX_STORY_CHARS = Settings.from_env().max_story_chars  # parsed in one place
# Request threads of one ASGI process; each keeps its database connection.
STORYREEL_SERVER_THREADS = int(os.environ.get("STORYREEL_SERVER_THREADS", "8"))
# Set for workers in another process than the server when the channel layer is in-memory.
STORYREEL_EVENT_RELAY_URL = os.environ.get("STORYREEL_EVENT_RELAY_URL", "")
# How long a login token lasts (seconds; 0: until logout). Logging in again renews it.
STORYREEL_TOKEN_TTL_S = int(os.environ.get("STORYREEL_TOKEN_TTL_S", str(30 * 24 * 3600)))
# Failed logins per account before it is locked for a while (whatever address they come from).
STORYREEL_LOGIN_FAILURES = int(os.environ.get("STORYREEL_LOGIN_FAILURES", "10"))
STORYREEL_LOGIN_LOCK_S = int(os.environ.get("STORYREEL_LOGIN_LOCK_S", "900"))
STORYREEL_NODE_RETRIES = int(os.environ.get("STORYREEL_NODE_RETRIES", "5"))
# Pull nodes (STORYREEL_NODE_URL empty): a lease lasts this long unless the node renews it;
# a node is live while it called in this recently; a waiting lease asks the queue this often.
STORYREEL_LEASE_TTL_S = float(os.environ.get("STORYREEL_LEASE_TTL_S", "30"))
STORYREEL_NODE_LIVE_S = float(os.environ.get("STORYREEL_NODE_LIVE_S", "60"))
# the storyboard backend that writes a story from a topic (an LLM: llamacpp or openai)
STORYREEL_TOPIC_BACKEND = os.environ.get("STORYREEL_TOPIC_BACKEND", "llamacpp")
STORYREEL_LEASE_POLL_S = float(os.environ.get("STORYREEL_LEASE_POLL_S", "0.25"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {"storyreel": {"handlers": ["console"], "level": "INFO"}},
}

if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Nginx redirects HTTP to HTTPS (deploy/nginx.conf). Django doing it too answered the
    # node's callbacks on the internal http address with a 301 (and, behind a proxy on
    # another port, redirected to the wrong port); if it is turned on, those paths are exempt.
    SECURE_SSL_REDIRECT = os.environ.get("STORYREEL_SSL_REDIRECT", "0") == "1"
    SECURE_REDIRECT_EXEMPT = [r"^api/webhook/", r"^api/internal/", r"^api/health"]
    if not SECURE_SSL_REDIRECT:
        SILENCED_SYSTEM_CHECKS = ["security.W008"]  # the proxy redirects to HTTPS instead
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True

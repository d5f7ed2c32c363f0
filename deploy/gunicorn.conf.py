"""Gunicorn for the StoryReel server behind Nginx: uvicorn workers (ASGI: the REST API and
the project WebSockets), graceful stops, the proxy's address trusted for X-Forwarded-*.

    gunicorn -c deploy/gunicorn.conf.py

Every value can be changed from the environment (the systemd unit's EnvironmentFile).
"""

from __future__ import annotations

import os

wsgi_app = "storyreel.server.asgi:application"
worker_class = "uvicorn_worker.UvicornWorker"
bind = os.environ.get("STORYREEL_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("STORYREEL_WEB_WORKERS", "2"))
# the proxy in front (Nginx on this host): its X-Forwarded-Proto/For are believed, no one else's
forwarded_allow_ips = os.environ.get("STORYREEL_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# a request (an upload, a download through Django when storage is local) may take a while;
# WebSockets are long-lived and not subject to this
timeout = int(os.environ.get("STORYREEL_WEB_TIMEOUT_S", "120"))
graceful_timeout = int(os.environ.get("STORYREEL_WEB_GRACEFUL_S", "30"))
keepalive = 30  # Nginx keeps upstream connections open (proxy keepalive)
max_requests = 5000  # a worker is replaced now and then (memory stays flat)
max_requests_jitter = 500
# Nginx writes the access log (with tokens and link signatures masked); errors go to stderr
accesslog = None
errorlog = "-"
loglevel = os.environ.get("STORYREEL_WEB_LOG_LEVEL", "warning")
proc_name = "storyreel-web"

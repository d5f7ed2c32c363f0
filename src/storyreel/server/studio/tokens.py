"""How long a login token lasts (kept free of DRF's views: authentication imports it)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from rest_framework.authtoken.models import Token


def token_expired(token: Token) -> bool:
    """Older than STORYREEL_TOKEN_TTL_S (0: tokens never expire)."""
    ttl = settings.STORYREEL_TOKEN_TTL_S
    return bool(ttl) and token.created < timezone.now() - timedelta(seconds=ttl)

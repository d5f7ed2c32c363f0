"""Accounts: a person registers or logs in and gets the token every other call carries."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate, get_user_model
from django.http import HttpRequest
from rest_framework.authtoken.models import Token

from storyreel.server.studio.errors import ApplicationError


def user_register(*, username: str, password: str) -> tuple[Any, str]:
    """A new user and their token; a taken username is refused."""
    users = get_user_model()
    if users.objects.filter(username=username).exists():
        raise ApplicationError("that username is taken", code="username_taken")
    user = users.objects.create_user(username=username, password=password)
    token, _ = Token.objects.get_or_create(user=user)
    return user, token.key


def user_login(*, request: HttpRequest, username: str, password: str) -> tuple[Any, str]:
    """The user and their token, or bad_credentials."""
    user = authenticate(request, username=username, password=password)
    if user is None:
        raise ApplicationError("wrong username or password", code="bad_credentials")
    token, _ = Token.objects.get_or_create(user=user)
    return user, token.key

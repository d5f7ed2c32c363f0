"""Accounts: a person registers or logs in and gets the token every other call carries."""

from __future__ import annotations

import unicodedata
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from rest_framework.authtoken.models import Token

from storyreel.server.studio.errors import ApplicationError
from storyreel.server.studio.tokens import token_expired


def user_register(*, username: str, password: str) -> tuple[Any, str]:
    """A new user and their token. A username is refused when it holds control characters
    or is taken, also in another form of the same letters (NFKC: "ªlice" is "alice"); a
    password when Django's validators refuse it."""
    users = get_user_model()
    username = unicodedata.normalize("NFKC", username.strip())
    if not username or any(unicodedata.category(char).startswith("C") for char in username):
        raise ApplicationError(
            "a username is letters, digits and punctuation, without control characters",
            code="bad_username",
        )
    if users.objects.filter(username__iexact=username).exists():
        raise ApplicationError("that username is taken", code="username_taken")
    candidate = users(username=username)
    try:
        validate_password(password, user=candidate)
    except ValidationError as error:
        raise ApplicationError(" ".join(error.messages), code="weak_password") from error
    try:
        with transaction.atomic():
            user = users.objects.create_user(username=username, password=password)
    except IntegrityError as error:  # registered by someone else just now
        raise ApplicationError("that username is taken", code="username_taken") from error
    token, _ = Token.objects.get_or_create(user=user)
    return user, token.key


def user_login(*, request: HttpRequest, username: str, password: str) -> tuple[Any, str]:
    """The user and their token, or bad_credentials."""
    username = unicodedata.normalize("NFKC", username.strip())
    failures_key = f"login-failures:{username.casefold()}"
    if cache.get(failures_key, 0) >= settings.STORYREEL_LOGIN_FAILURES:
        minutes = settings.STORYREEL_LOGIN_LOCK_S // 60
        raise ApplicationError(
            f"too many wrong passwords for this account; try again in {minutes} minutes",
            code="login_locked",
        )
    user = authenticate(request, username=username, password=password)
    if user is None:
        cache.add(failures_key, 0, timeout=settings.STORYREEL_LOGIN_LOCK_S)
        try:
            cache.incr(failures_key)
        except ValueError:  # expired between add and incr
            cache.set(failures_key, 1, timeout=settings.STORYREEL_LOGIN_LOCK_S)
        raise ApplicationError("wrong username or password", code="bad_credentials")
    cache.delete(failures_key)
    token = Token.objects.filter(user=user).first()
    if token is None or token_expired(token):
        Token.objects.filter(user=user).delete()
        token = Token.objects.create(user=user)
    return user, token.key


def user_logout(*, token: Token) -> None:
    """Revoke the token: every client signed in with it must log in again."""
    token.delete()


def token_user(key: str) -> Any | None:
    """The user a token belongs to, if it is known and has not expired."""
    token = Token.objects.filter(key=key).select_related("user").first()
    if token is None or token_expired(token) or not token.user.is_active:
        return None
    return token.user

"""Register and log in: the only calls without a token."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from storyreel.server.studio.apis.outputs import EmptyOutput, TokenOutput, answers
from storyreel.server.studio.services.accounts import user_login, user_logout, user_register


class RegisterApi(APIView):
    serializer_class = TokenOutput
    permission_classes = [AllowAny]
    authentication_classes: list[type] = []  # a stale token in the header must not block a new one

    class InputSerializer(serializers.Serializer[Any]):
        class Meta:
            ref_name = "RegisterInput"

        username = serializers.CharField(max_length=150)
        password = serializers.CharField(min_length=8, max_length=128)

    @extend_schema(request=InputSerializer, responses=answers(TokenOutput, 201, 400, 409))
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user, token = user_register(**data.validated_data)
        return Response({"user_id": user.pk, "token": token}, status=status.HTTP_201_CREATED)


class LoginApi(APIView):
    serializer_class = TokenOutput
    permission_classes = [AllowAny]
    authentication_classes: list[type] = []  # a stale token in the header must not block a new one

    class InputSerializer(serializers.Serializer[Any]):
        class Meta:
            ref_name = "LoginInput"

        username = serializers.CharField(max_length=150)
        password = serializers.CharField(max_length=128)

    @extend_schema(request=InputSerializer, responses=answers(TokenOutput, 200, 400))
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user, token = user_login(request=request._request, **data.validated_data)
        return Response({"user_id": user.pk, "token": token})


class LogoutApi(APIView):
    """Revoke the token this request carries."""

    serializer_class = EmptyOutput

    @extend_schema(request=None, responses=answers(None, 204))
    def post(self, request: Request) -> Response:
        user_logout(token=request.auth)
        return Response(status=status.HTTP_204_NO_CONTENT)

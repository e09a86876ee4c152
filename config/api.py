"""Shared REST plumbing: every error body is ``{"code": ..., "detail": ...}``.

DRF's own errors are given stable codes here; the services' WorkflowErrors
carry theirs (and any extra fields, such as the open draft's id).
"""

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import exception_handler

from config.errors import WorkflowError
from config.lockout import LockedOut
from config.transactions import is_busy

# DRF exception class -> stable code. Subclasses are matched through the MRO.
DRF_CODES: dict[type[exceptions.APIException], str] = {
    exceptions.NotAuthenticated: "not_authenticated",
    exceptions.AuthenticationFailed: "authentication_failed",
    exceptions.PermissionDenied: "permission_denied",
    exceptions.NotFound: "not_found",
    exceptions.MethodNotAllowed: "method_not_allowed",
    exceptions.NotAcceptable: "not_acceptable",
    exceptions.UnsupportedMediaType: "unsupported_media_type",
    exceptions.ParseError: "invalid_json",
    exceptions.Throttled: "throttled",
    exceptions.ValidationError: "invalid",
    LockedOut: "locked_out",
}


class ApiError(exceptions.APIException):
    """A 4xx with a code of our choosing, for checks made in views."""

    def __init__(self, code: str, detail: str, status_code: int = 400, **extra: Any) -> None:
        super().__init__(detail=detail, code=code)
        self.status_code = status_code
        self.error_code = code
        self.extra = extra


def _code_for(exc: exceptions.APIException) -> str:
    for cls in type(exc).__mro__:
        if cls in DRF_CODES:
            return DRF_CODES[cls]
    return "error"


def api_exception_handler(exc: Exception, context: dict) -> Response | None:
    """DRF's handler, with every error reshaped to ``{"code", "detail", ...}``."""
    if isinstance(exc, WorkflowError):
        response = Response(
            {"code": exc.code, "detail": exc.detail, **exc.extra}, status=exc.status_code
        )
        if "etag" in exc.extra:  # 412 and 428 name the current validator as HTTP does too
            response["ETag"] = str(exc.extra["etag"])
        return response
    if isinstance(exc, ApiError):
        response = exception_handler(exc, context)
        if response is not None:
            response.data = {"code": exc.error_code, "detail": str(exc.detail), **exc.extra}
        return response
    if is_busy(exc):
        return Response(
            {
                "code": "busy",
                "detail": "Someone else is saving at this moment; try again in a few seconds.",
            },
            status=409,
            headers={"Retry-After": "2"},
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {
            "code": "invalid",
            "detail": _first_message(exc.detail),
            "errors": exc.detail,
        }
    else:
        response.data = {"code": _code_for(exc), "detail": str(exc.detail)}
    return response


def _first_message(detail: Any, path: str = "") -> str:
    """A one-line summary of a (nested) validation error, naming the field."""
    if isinstance(detail, dict):
        for key, value in detail.items():
            return _first_message(value, f"{path}.{key}" if path else str(key))
    if isinstance(detail, list) and detail:
        return _first_message(detail[0], path)
    text = str(detail)
    return f"{path}: {text}" if path and path != "non_field_errors" else text


class ErrorSerializer(serializers.Serializer):
    """The body of every error response (for the OpenAPI schema)."""

    code = serializers.CharField(help_text="Stable, machine-readable reason.")
    detail = serializers.CharField(help_text="What went wrong, for people.")


class StrictSerializer(serializers.Serializer):
    """Refuses fields it does not know, instead of silently dropping them."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError(
                    {name: ["Unknown field."] for name in unknown}, code="unknown_field"
                )
        return super().to_internal_value(data)


def validated(serializer_class: type[serializers.Serializer], data: Any) -> dict[str, Any]:
    """The request body checked by `serializer_class`; a 400 `invalid` when it is bad."""
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)

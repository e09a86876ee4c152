"""Requests the database could not store or compare are refused up front."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse

from config.transactions import is_busy


class RejectNullCharacters:
    """A NUL character in an API URL or query parameter is a 400, not a 500.

    PostgreSQL refuses NUL in text, so a filter such as `?topic=%00` would
    fail in the database. Bodies are checked by the serializers.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/") and (
            "\x00" in request.path
            or any(
                "\x00" in key or any("\x00" in value for value in values)
                for key, values in request.GET.lists()
            )
        ):
            return JsonResponse(
                {"code": "invalid_character", "detail": "The request holds a NUL character."},
                status=400,
            )
        return self.get_response(request)


TRANSLATION_IMPORT_PATH = "/api/v1/translations/import/"


class LimitApiRequestBody:
    """An /api/ body over `PARLEY_MAX_REQUEST_BYTES` is a JSON 413, refused before it is read."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/"):
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            limit = settings.PARLEY_MAX_REQUEST_BYTES
            if request.path == TRANSLATION_IMPORT_PATH:
                limit = settings.PARLEY_MAX_TRANSLATION_FILE_BYTES + 65_536  # the form around it
            if length > limit:
                return JsonResponse(
                    {
                        "code": "payload_too_large",
                        "detail": f"The request body is {length} bytes; the limit is {limit}.",
                    },
                    status=413,
                )
        return self.get_response(request)


class BusyDatabase:
    """A write that still found the database locked is a 409 `busy`, not a 500.

    The services retry once (`config.transactions`); this catches what is
    left, including writes outside them (sessions, history of a login).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_busy(exception):
            return None
        detail = "Someone else is saving at this moment; try again in a few seconds."
        if request.path.startswith("/api/"):
            return JsonResponse({"code": "busy", "detail": detail}, status=409)
        return HttpResponse(
            f"<h1>Busy</h1><p>{detail}</p><p><a href=''>Try again</a></p>",
            status=409,
            headers={"Retry-After": "2"},
        )

"""Error pages: JSON with a stable code under /api/, Django's pages elsewhere.

These answer requests that never reach a DRF view, such as a URL that matches
no route (a channel slug with characters a slug cannot have).
"""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"code": "not_found", "detail": "No such resource."}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return JsonResponse(
            {"code": "server_error", "detail": "Something went wrong on our side."}, status=500
        )
    return defaults.server_error(request)


@csrf_exempt  # any method: a POST to a wrong path is a 404 too, not a CSRF page
def api_not_found(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    """Every path under /api/ that no route matches."""
    return JsonResponse({"code": "not_found", "detail": "No such resource."}, status=404)

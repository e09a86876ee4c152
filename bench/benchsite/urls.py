"""Parley's URLs plus `/bare/<name>/`: the same bytes as a delivery response, from memory."""

import os
from pathlib import Path

from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import urlpatterns as parley_urlpatterns

# Captured by the driver from real delivery responses before the server starts.
BODIES = {path.stem: path.read_bytes() for path in Path(os.environ["BENCH_BODIES"]).glob("*.json")}


def bare(request: HttpRequest, name: str) -> HttpResponse:
    return HttpResponse(BODIES[name], content_type="application/json")


urlpatterns = [path("bare/<slug:name>/", bare), *parley_urlpatterns]

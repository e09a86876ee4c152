"""Every API response the tests see must be one the OpenAPI schema lists.

`SchemaConformance` is a middleware the test settings put first (tests/conftest.py):
for a request to a documented operation it checks that the response's status
is listed, that an error's `code` is one of the codes listed for that status,
and that the headers of the contract (`config.schema.WATCHED_HEADERS`) are
documented when sent and sent when documented as required. A response that is
not raises AssertionError, which fails the test that made the request.
"""

import functools
import json
import re
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

from config.schema import WATCHED_HEADERS


@functools.cache
def api_schema() -> dict[str, Any]:
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


@functools.cache
def _routes() -> list[tuple[re.Pattern[str], str]]:
    """(regex, path template) of every documented path, literal paths first."""
    paths = sorted(api_schema()["paths"], key=lambda path: (path.count("{"), path))
    return [
        (re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path)) + "$"), path)
        for path in paths
    ]


def operation_for(method: str, path: str) -> tuple[str, dict[str, Any]] | None:
    for pattern, template in _routes():
        if pattern.match(path):
            operation = api_schema()["paths"][template].get(method.lower())
            return (template, operation) if operation else None
    return None


def codes_listed(response_spec: dict[str, Any]) -> set[str]:
    """The error codes a documented response's body may carry."""
    schema = response_spec.get("content", {}).get("application/json", {}).get("schema", {})
    refs = [item["$ref"] for item in schema.get("oneOf", [])] or (
        [schema["$ref"]] if "$ref" in schema else []
    )
    components = api_schema()["components"]["schemas"]
    codes: set[str] = set()
    for ref in refs:
        code = components[ref.rsplit("/", 1)[1]].get("properties", {}).get("code", {})
        codes.update(code.get("enum", []))
    return codes


def problems(
    method: str, path: str, status: int, headers: dict[str, str], body: bytes
) -> list[str]:
    """What in this response the schema does not list (empty when it conforms)."""
    found = operation_for(method, path)
    if found is None:
        return []
    template, operation = found
    where = f"{method.upper()} {template} answered {status}"
    spec = operation["responses"].get(str(status))
    if spec is None:
        return [f"{where}, a status the schema does not list"]
    issues = []
    sent = {name.lower(): value for name, value in headers.items()}
    if status >= 400 and sent.get("content-type", "").startswith("application/json"):
        code = json.loads(body or b"{}").get("code")
        if code not in codes_listed(spec):
            issues.append(f"{where} with code {code!r}, which the schema does not list there")
    documented = spec.get("headers", {})
    for name in WATCHED_HEADERS:
        if name.lower() in sent and name not in documented:
            issues.append(f"{where} with header {name}, which the schema does not list there")
    for name, header in documented.items():
        if header.get("required") and name.lower() not in sent:
            issues.append(f"{where} without header {name}, which the schema says it sends")
    return issues


class SchemaConformance:
    """Test-only middleware: a response the schema does not list fails the request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith("/api/v1/"):
            body = b"" if response.streaming else response.content
            found = problems(request.method or "GET", request.path, response.status_code,
                             dict(response.headers), body)  # fmt: skip
            if found:
                raise AssertionError("Not in the API schema: " + "; ".join(found))
        return response

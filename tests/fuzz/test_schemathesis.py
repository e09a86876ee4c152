"""Schemathesis against every operation of /api/schema/: no 5xx, responses as documented.

Runs in-process over WSGI on the test database, with demo content, a personal
token of an administrator (every editorial permission) and a chat channel
token, so generated requests get past authentication into the views.
"""

import io

import pytest
import schemathesis
from django.core.management import call_command
from hypothesis import HealthCheck, settings

from channels.models import Channel
from channels.services import channel_token_create
from config.wsgi import application
from knowledge.services import user_token_create
from tests.conformance import problems
from tests.factories import UserFactory


@schemathesis.check
def listed_in_the_contract(ctx, response, case) -> None:
    """The status, error code and contract headers of the response are the schema's
    (tests/conformance.py: the same check every test's API responses get)."""
    headers = {name: values[-1] for name, values in response.headers.items()}
    found = problems(case.method, case.formatted_path, response.status_code, headers,
                     response.content)  # fmt: skip
    if found:
        raise AssertionError("; ".join(found))


CHECKS = [
    listed_in_the_contract,
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.content_type_conformance,
    schemathesis.checks.response_headers_conformance,
    schemathesis.checks.response_schema_conformance,
]


@pytest.fixture
def tokens(db) -> dict[str, str]:
    from django.core.cache import cache

    # Redis (in CI) outlives each test's database: channels cached by an earlier
    # test would make this test's tokens look like another channel's (403).
    cache.clear()
    call_command("seed_demo", stdout=io.StringIO())
    admin = UserFactory(username="fuzz-admin", is_staff=True, is_superuser=True)
    return {
        "editorial": f"Token {user_token_create(user=admin, name='fuzz')[1]}",
        "delivery": f"Bearer {channel_token_create(channel=Channel.objects.get(slug='chat'))[1]}",
    }


schema = schemathesis.openapi.from_wsgi("/api/schema/", application)


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
@pytest.mark.django_db
def test_every_operation_answers_as_documented(case, tokens, connection_kept):
    kind = "delivery" if case.path.startswith("/api/v1/delivery/") else "editorial"
    case.call_and_validate(headers={"Authorization": tokens[kind]}, checks=CHECKS)


def _cursor(text: str) -> str:
    import base64

    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


# Inputs that once gave 500s or HTML errors: each must now be a documented 4xx.
# (path, method, path parameters, query, body, expected status, expected code)
BAD_INPUTS = [
    ("/api/v1/delivery/{channel}/answers/", "GET", {"channel": "chat"},
     {"page_size": "²"}, None, 400, "invalid_page_size"),
    ("/api/v1/delivery/{channel}/search/", "GET", {"channel": "chat"},
     {"q": "refund", "limit": "²"}, None, 400, "invalid_limit"),
    ("/api/v1/delivery/{channel}/changes/", "GET", {"channel": "chat"},
     {"since": _cursor("c:²")}, None, 400, "invalid_cursor"),
    ("/api/v1/delivery/{channel}/answers/{key}/feedback/", "POST",
     {"channel": "chat", "key": "order-delayed"}, None,
     {"lang": "en", "comment": "x" * 1_100_000}, 413, "payload_too_large"),
    ("/api/v1/versions/{id}/diff/", "GET", {}, {"against": "²"}, None, 400, "invalid_against"),
    ("/api/v1/versions/{id}/", "PATCH", {}, None,
     {"body": {"en": "x" * 20_001}}, 400, "text_too_long"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("path", "method", "parameters", "query", "body", "status", "code"), BAD_INPUTS
)
@pytest.mark.django_db
def test_known_bad_inputs_answer_as_documented(
    tokens, connection_kept, path, method, parameters, query, body, status, code
):
    from knowledge import services
    from knowledge.api.base import version_etag
    from knowledge.models import Variant

    kind = "delivery" if path.startswith("/api/v1/delivery/") else "editorial"
    headers = {"Authorization": tokens[kind]}
    if "{id}" in path:
        variant = Variant.objects.filter(published_version__isnull=False, draft=None).first()
        draft = services.version_create_draft(
            variant=variant, actor=variant.published_version.author
        )
        parameters = {"id": draft.pk}
        headers["If-Match"] = version_etag(draft)
    operation = schema[path][method]
    kwargs = {"path_parameters": parameters, "query": query}
    if body is not None:
        kwargs.update(body=body, media_type="application/json")
    case = operation.Case(**kwargs)
    response = case.call_and_validate(headers=headers, checks=CHECKS)
    assert response.status_code == status
    assert response.json()["code"] == code

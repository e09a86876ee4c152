"""The schema says what the API does: errors per code, headers, limits, security.

`tests/conformance.py` holds every API response of the suite to the schema; these
tests check that check, and the parts of the schema a generated client relies on.
"""

import pytest
from rest_framework.test import APIClient

from config.api import ApiError
from config.schema import CODES, error_component
from tests.conformance import api_schema, codes_listed, operation_for, problems
from tests.factories import ChannelFactory

JSON = {"Content-Type": "application/json"}
DELIVERY_GETS = [
    "/api/v1/delivery/{channel}/answers/",
    "/api/v1/delivery/{channel}/answers/{key}/",
    "/api/v1/delivery/{channel}/changes/",
]


def operation(path: str, method: str = "get") -> dict:
    return api_schema()["paths"][path][method]


def test_a_status_a_code_or_a_header_the_schema_does_not_list_is_reported():
    assert problems("PATCH", "/api/v1/versions/7/", 418, {}, b"") == [
        "PATCH /api/v1/versions/{id}/ answered 418, a status the schema does not list"
    ]
    (wrong_code,) = problems("POST", "/api/v1/entries/", 409, JSON, b'{"code": "four_eyes"}')
    assert "code 'four_eyes'" in wrong_code
    (extra_header,) = problems("GET", "/api/v1/entries/", 200, {"ETag": '"x"'}, b"[]")
    assert "with header ETag" in extra_header
    (missing_header,) = problems("GET", "/api/v1/versions/7/", 200, {}, b"{}")
    assert "without header ETag" in missing_header
    assert problems("GET", "/api/v1/versions/7/", 200, {"ETag": '"v7-1"'}, b"{}") == []
    assert problems("GET", "/api/v1/no-such-thing/", 404, JSON, b'{"code": "x"}') == []


def test_an_undocumented_error_fails_the_test_that_meets_it(db, monkeypatch):
    from channels.api import views

    def refuse(self, request, channel):
        raise ApiError("made_up_code", "Nobody listed this.")

    ChannelFactory(slug="help-page", public=True)
    monkeypatch.setattr(views.ChangesView, "get", refuse)
    with pytest.raises(AssertionError, match="made_up_code"):
        APIClient().get("/api/v1/delivery/help-page/changes/")


def test_each_error_code_has_its_own_typed_body():
    schemas = api_schema()["components"]["schemas"]
    for code, spec in CODES.items():
        body = schemas[error_component(code)]
        assert body["properties"]["code"]["enum"] == [code]
        assert set(body["required"]) == {"code", "detail", *spec.fields}
    assert schemas["ErrorDraftExists"]["properties"]["draft_id"]["type"] == "integer"
    assert schemas["ErrorPreconditionFailed"]["properties"]["etag"]["type"] == "string"
    assert "errors" in schemas["ErrorInvalid"]["properties"]


def test_every_code_is_answered_by_some_operation_and_listed_where_it_is():
    listed = set()
    for path, methods in api_schema()["paths"].items():
        for spec in methods.values():
            for status, response in spec["responses"].items():
                codes = codes_listed(response)
                assert all(str(CODES[code].status) == status for code in codes), (path, status)
                listed |= codes
    assert listed == set(CODES)
    patch = operation("/api/v1/versions/{id}/", "patch")["responses"]
    assert {"precondition_failed"} == codes_listed(patch["412"])
    assert {"precondition_required"} == codes_listed(patch["428"])
    assert {"busy", "not_editable"} == codes_listed(patch["409"])
    assert patch["412"]["headers"]["ETag"]["required"] is True


def test_delivery_reads_take_if_none_match_and_document_their_headers():
    for path in DELIVERY_GETS:
        spec = operation(path)
        assert "If-None-Match" in {p["name"] for p in spec["parameters"] if p["in"] == "header"}
        for status in ("200", "304"):
            headers = spec["responses"][status]["headers"]
            assert headers["ETag"]["required"] and headers["Cache-Control"]["required"]
            assert headers["Content-Language"].get("required", False) is False
        assert spec["responses"]["429"]["headers"]["Retry-After"]["required"] is True


def test_limits_are_schema_constraints():
    def query(path: str, name: str) -> dict:
        (found,) = [p for p in operation(path)["parameters"] if p["name"] == name]
        return found["schema"]

    size = query("/api/v1/delivery/{channel}/answers/", "page_size")
    assert (size["minimum"], size["maximum"]) == (1, 100)
    limit = query("/api/v1/delivery/{channel}/search/", "limit")
    assert (limit["minimum"], limit["maximum"]) == (1, 20)
    q = query("/api/v1/delivery/{channel}/search/", "q")
    assert (q["minLength"], q["maxLength"]) == (1, 500)
    schemas = api_schema()["components"]["schemas"]
    texts = schemas["PatchedVersionTextsRequest"]["properties"]
    assert texts["title"]["properties"]["ja"]["maxLength"] == 300
    assert texts["body"]["properties"]["ja"]["maxLength"] == 20_000
    assert schemas["FeedbackRequest"]["properties"]["comment"]["maxLength"] == 2000
    assert schemas["CommentRequest"]["properties"]["comment"]["maxLength"] == 5000
    # Responses are what was stored; the limits are for what is sent.
    assert "maxLength" not in schemas["Version"]["properties"]["body"]["properties"]["ja"]


def test_exact_types_where_the_server_is_exact():
    schemas = api_schema()["components"]["schemas"]
    version = schemas["Version"]["properties"]
    assert version["changed_languages"]["items"] == {"$ref": "#/components/schemas/LanguageEnum"}
    language = {"$ref": "#/components/schemas/LanguageEnum"}
    assert schemas["Answer"]["properties"]["language"]["allOf"] == [language]
    assert schemas["LanguageEnum"]["enum"] == ["en", "ja", "fi", "zh-hant"]
    assert version["languages"]["properties"]["ja"]["enum"] == ["missing", "present"]
    variables = schemas["RenderRequestRequest"]["properties"]["variables"]
    assert variables["additionalProperties"] == {"type": "string"}
    assert "has_more" in schemas["Changes"]["required"]
    # A change is an upsert with its answer, or a removal with none.
    assert schemas["Change"]["discriminator"]["propertyName"] == "action"
    assert "answer" in schemas["Upsert"]["required"]
    assert "answer" not in schemas["Remove"]["properties"]


def test_public_channels_need_no_token_and_writes_need_if_match():
    for path, methods in api_schema()["paths"].items():
        for spec in methods.values():
            if path.startswith("/api/v1/delivery/"):
                assert spec["security"] == [{"channelToken": []}, {}], path
    for path in ("/api/v1/versions/{id}/", "/api/v1/snippets/versions/{id}/"):
        (if_match,) = [p for p in operation(path, "patch")["parameters"] if p["in"] == "header"]
        assert (if_match["name"], if_match["required"]) == ("If-Match", True)
    for step in ("submit", "approve", "request-changes", "publish", "unpublish"):
        names = {
            p["name"] for p in operation(f"/api/v1/versions/{{id}}/{step}/", "post")["parameters"]
        }
        assert "If-Match" in names, step
    rollback = operation("/api/v1/versions/{id}/rollback/", "post")
    assert "If-Match" not in {p["name"] for p in rollback["parameters"]}
    assert operation_for("POST", "/api/v1/versions/3/rollback/")[0].endswith("rollback/")

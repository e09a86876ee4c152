"""Bad input is a 4xx JSON error with a code on every API, never a 500, and stores nothing."""

import base64

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from channels.models import Feedback
from knowledge import services
from knowledge.models import Version
from tests.api import write
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DEEP = "[" * 100_000


@pytest.fixture
def editor_api(api_for):
    return api_for(UserFactory(username="ed", groups=["Editors"]))


@pytest.fixture
def draft(refund, staff):
    return services.version_create_draft(variant=refund["chat"].variant, actor=staff["editor"])


def json_endpoints(draft) -> list[tuple[str, str]]:
    return [
        ("post", "/api/v1/entries/"),
        ("patch", f"/api/v1/versions/{draft.pk}/"),
        ("post", f"/api/v1/versions/{draft.pk}/submit/"),
        ("post", "/api/v1/snippets/"),
        ("put", "/api/v1/me/review-languages/"),
        ("post", "/api/v1/delivery/help-page/answers/refund-time/feedback/"),
        ("post", "/api/v1/delivery/help-page/answers/refund-time/render/"),
    ]


def test_deeply_nested_json_is_invalid_json_everywhere(draft, editor_api):
    for method, url in json_endpoints(draft):
        response = getattr(editor_api, method)(url, DEEP, content_type="application/json")
        assert response.status_code == 400, (url, response.content[:200])
        assert response.json()["code"] == "invalid_json", url
    assert Feedback.objects.count() == 0


def test_a_body_over_the_limit_is_a_json_413(draft, editor_api, settings):
    big = '{"comment": "' + "x" * (settings.PARLEY_MAX_REQUEST_BYTES + 1) + '"}'
    for method, url in json_endpoints(draft):
        response = getattr(editor_api, method)(url, big, content_type="application/json")
        assert response.status_code == 413, url
        assert response.json()["code"] == "payload_too_large"
    assert Feedback.objects.count() == 0


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("/api/v1/delivery/help-page/answers/?page_size=²", "invalid_page_size"),
        ("/api/v1/delivery/help-page/answers/?page_size=٣", "invalid_page_size"),
        ("/api/v1/delivery/help-page/search/?q=refund&limit=²", "invalid_limit"),
        (
            "/api/v1/delivery/help-page/changes/?since="
            + base64.urlsafe_b64encode("c:²".encode()).decode().rstrip("="),
            "invalid_cursor",
        ),
    ],
)
def test_numbers_are_ascii_digits_only(refund, url, code):
    response = APIClient().get(url)
    assert response.status_code == 400
    assert response.json()["code"] == code


def test_diff_against_a_superscript_is_a_400(draft, editor_api):
    response = editor_api.get(f"/api/v1/versions/{draft.pk}/diff/?against=²")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_against"


def test_the_admin_compare_page_ignores_a_superscript(draft, client_for, staff):
    client = client_for(staff["editor"])
    url = reverse("admin:knowledge_version_compare", args=[draft.pk])
    assert client.get(url, {"against": "²"}).status_code == 200
    bad_id = url.replace(f"/{draft.pk}/", "/²/")
    assert client.get(bad_id).status_code == 404


def test_a_text_over_its_limit_is_refused_and_nothing_is_stored(draft, editor_api, settings):
    before = (draft.history.count(), Version.objects.get(pk=draft.pk).body_en)
    limit = settings.PARLEY_MAX_TEXT_LENGTH
    url = f"/api/v1/versions/{draft.pk}/"
    etag = editor_api.get(url)["ETag"]
    response = editor_api.patch(
        url, {"body": {"en": "x" * (limit + 1)}}, format="json", HTTP_IF_MATCH=etag
    )
    assert response.status_code == 400
    body = response.json()
    assert (body["code"], body["field"], body["limit"]) == ("text_too_long", "body_en", limit)
    assert (draft.history.count(), Version.objects.get(pk=draft.pk).body_en) == before
    # Exactly at the limit is fine.
    ok = write(editor_api, "patch", url, {"body": {"en": "x" * limit}})
    assert ok.status_code == 200


def test_a_title_has_its_own_limit(draft, editor_api, settings):
    settings.PARLEY_TEXT_LIMITS = {"title": 10}
    response = write(
        editor_api, "patch", f"/api/v1/versions/{draft.pk}/", {"title": {"ja": "あ" * 11}}
    )
    assert response.json()["code"] == "text_too_long"


def test_a_long_review_comment_is_refused(draft, staff, api_for, settings):
    services.version_update(version=draft, actor=staff["editor"], texts={"body": {"en": "New."}})
    settings.PARLEY_TEXT_LIMITS = {"comment": 50}
    services.version_submit(version=draft, actor=staff["editor"])
    reviewer = api_for(staff["reviewer"])
    response = write(
        reviewer, "post", f"/api/v1/versions/{draft.pk}/request-changes/", {"comment": "c" * 51}
    )
    assert response.status_code == 400
    assert response.json()["code"] == "text_too_long"
    assert Version.objects.get(pk=draft.pk).status == "in_review"


@pytest.mark.parametrize(
    ("field", "limit"), [("title", 300), ("text", 2000), ("comment", 5000), ("feedback", 2000)]
)
def test_every_text_field_answers_text_too_long_with_its_limit(
    draft, staff, api_for, field, limit, refund
):
    editor = api_for(staff["editor"])
    too_long = "x" * (limit + 1)
    if field == "title":
        response = write(
            editor, "patch", f"/api/v1/versions/{draft.pk}/", {"title": {"en": too_long}}
        )
    elif field == "text":
        admin = api_for(UserFactory(username="root", is_staff=True, is_superuser=True))
        response = admin.post(
            "/api/v1/snippets/",
            {"key": "long-one", "kind": "closing", "text": {"en": too_long}},
            format="json",
        )
    elif field == "comment":
        services.version_update(
            version=draft, actor=staff["editor"], texts={"body": {"en": "New."}}
        )
        response = write(
            editor, "post", f"/api/v1/versions/{draft.pk}/submit/", {"comment": too_long}
        )
    else:
        response = APIClient().post(
            "/api/v1/delivery/help-page/answers/refund-time/feedback/",
            {"lang": "en", "comment": too_long},
            format="json",
        )
    assert response.status_code == 400, response.json()
    assert (response.json()["code"], response.json()["limit"]) == ("text_too_long", limit)
    if field == "feedback":
        assert response.json()["field"] == "comment"  # as the request names it
    assert Feedback.objects.count() == 0
    from templates_app.models import Snippet

    assert not Snippet.objects.filter(key="long-one").exists()


@pytest.mark.parametrize("path", ["/api/v1/nonexistent/", "/api/v1/versions/abc/", "/api/x"])
def test_an_unknown_api_path_is_a_json_404_even_in_debug(settings, path):
    settings.DEBUG = True
    response = APIClient().get(path)
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_a_post_to_an_unknown_api_path_is_a_json_404_not_a_csrf_page():
    client = APIClient(enforce_csrf_checks=True)
    response = client.post("/api/v1/delivery/nope%F0%9F%98%80/answers/x/feedback/", {})
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_a_post_to_api_without_a_slash_is_a_json_404_in_debug(settings):
    settings.DEBUG = True
    response = APIClient().post("/api", {}, format="json")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"

"""Snippets through the editorial API: create, edit, review, publish, and refusals."""

import pytest

from templates_app.models import Snippet, SnippetVersion
from tests.api import write

pytestmark = pytest.mark.django_db

BASE = "/api/v1/snippets/"


def _create(client, **payload):
    body = {"key": "delay-sorry", "kind": "apology", "text": {"en": "Sorry for the wait."}}
    return client.post(BASE, {**body, **payload}, format="json")


def test_a_snippet_goes_from_draft_to_published_through_the_api(api_for, people, channels):
    editor, reviewer = api_for(people["editor"]), api_for(people["reviewer"])
    publisher = api_for(people["publisher"])
    created = _create(
        editor, channels=["chat"], text={"en": "Hi {{customer_name}}.", "ja": "こんにちは。"}
    )
    assert created.status_code == 201, created.json()
    draft = created.json()
    assert (draft["status"], draft["number"], draft["author"]) == ("draft", 1, "editor")
    assert draft["text"]["ja"] == "こんにちは。"

    version = f"{BASE}versions/{draft['id']}/"
    assert write(editor, "patch", version, {"text": {"fi": "Hei."}}).json()["text"]["fi"] == "Hei."
    assert write(editor, "post", f"{version}submit/").json()["status"] == "in_review"
    assert write(reviewer, "post", f"{version}approve/").json()["status"] == "approved"
    assert write(publisher, "post", f"{version}publish/").json()["status"] == "published"

    snippet = editor.get(f"{BASE}delay-sorry/").json()
    assert snippet["published_version"] == draft["id"]
    assert snippet["channels"] == ["chat"]
    assert snippet["reference"] == "{{snippet:delay-sorry}}"
    assert snippet["published_text"]["en"] == "Hi {{customer_name}}."
    assert [s["key"] for s in editor.get(BASE).json()] == ["delay-sorry"]

    reopened = editor.post(
        f"{BASE}delay-sorry/versions/", {"text": {"en": "Sorry!"}}, format="json"
    )
    assert reopened.status_code == 201
    assert (reopened.json()["number"], reopened.json()["text"]["ja"]) == (2, "こんにちは。")
    again = editor.post(f"{BASE}delay-sorry/versions/", {}, format="json")
    assert (again.status_code, again.json()["code"]) == (409, "draft_exists")
    assert again.json()["draft_id"] == reopened.json()["id"]
    numbers = [v["number"] for v in editor.get(f"{BASE}delay-sorry/versions/").json()]
    assert numbers == [2, 1]


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        ({"key": "Bad Key"}, "invalid"),
        ({"kind": "poem"}, "invalid"),
        ({"channels": ["fax"]}, "unknown_channel"),
        ({"text": {"en": "Hi {{custmer_name}}"}}, "unknown_placeholder"),
        ({"text": {"en": "{{snippet:other}}"}}, "unknown_placeholder"),
        ({"text": {"sv": "Hej"}}, "invalid"),
        ({"colour": "red"}, "invalid"),
    ],
)
def test_bad_snippet_input_is_refused_with_a_code(api_for, people, channels, payload, code):
    response = _create(api_for(people["editor"]), **payload)
    assert response.status_code == 400
    assert response.json()["code"] == code
    assert not Snippet.objects.exists()


def test_the_workflow_rules_hold_over_the_api(api_for, people, channels):
    editor, reviewer = api_for(people["editor"]), api_for(people["reviewer"])
    draft = _create(editor).json()
    version = f"{BASE}versions/{draft['id']}/"

    taken = _create(editor)
    assert (taken.status_code, taken.json()["code"]) == (409, "snippet_exists")
    assert write(reviewer, "post", f"{version}approve/").json()["code"] == "invalid_transition"
    assert write(editor, "post", f"{version}submit/").status_code == 200
    own_approval = write(editor, "post", f"{version}approve/")
    assert (own_approval.status_code, own_approval.json()["code"]) == (403, "permission_denied")
    edit = write(editor, "patch", version, {"text": {"en": "Changed."}})
    assert (edit.status_code, edit.json()["code"]) == (409, "not_editable")
    silent = write(reviewer, "post", f"{version}request-changes/", {"comment": " "})
    assert (silent.status_code, silent.json()["code"]) == (400, "comment_required")
    sent_back = write(reviewer, "post", f"{version}request-changes/", {"comment": "Warmer."})
    assert sent_back.json()["review_comment"] == "Warmer."
    assert SnippetVersion.objects.get(pk=draft["id"]).text_en == "Sorry for the wait."
    not_an_editor = reviewer.post(BASE, {"key": "x", "kind": "opener"}, format="json")
    assert (not_an_editor.status_code, not_an_editor.json()["code"]) == (403, "permission_denied")


def test_snippet_routes_need_a_login(client, channels):
    response = client.get(BASE)
    assert (response.status_code, response.json()["code"]) == (401, "not_authenticated")


def test_a_snippet_version_is_changed_only_with_the_etag_read(api_for, people, channels):
    editor = api_for(people["editor"])
    draft = _create(editor, key="thanks-short", text={"en": "Thanks."}).json()
    version = f"{BASE}versions/{draft['id']}/"
    read = editor.get(version)["ETag"]
    missing = editor.patch(version, {"text": {"en": "Thank you."}}, format="json")
    assert (missing.status_code, missing.json()["code"]) == (428, "precondition_required")
    assert missing.json()["etag"] == read
    assert write(editor, "patch", version, {"text": {"en": "Thank you."}}).status_code == 200
    stale = editor.post(f"{version}submit/", {}, format="json", HTTP_IF_MATCH=read)
    assert (stale.status_code, stale.json()["code"]) == (412, "precondition_failed")
    assert editor.get(version).json()["status"] == "draft"

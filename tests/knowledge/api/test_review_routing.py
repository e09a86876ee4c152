import pytest

from knowledge.diffs import text_ops
from tests.api import write
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

QUEUE = "/api/v1/versions/?queue=mine"


def submit_edit(client, entry, channel: str, **texts) -> dict:
    draft = client.post(
        f"/api/v1/entries/{entry.key}/variants/{channel}/versions/", texts, format="json"
    ).json()
    response = write(client, "post", f"/api/v1/versions/{draft['id']}/submit/")
    assert response.status_code == 200, response.json()
    return response.json()


def test_changed_languages_are_derived_from_the_diff_to_the_live_version(
    api_for, people, live_entry
):
    submitted = submit_edit(
        api_for(people["editor"]),
        live_entry,
        "chat",
        body={"ja": "新しい本文", "en": "Body (en)"},  # en unchanged: not a change
        title={"fi": "Uusi otsikko"},
    )
    assert submitted["changed_languages"] == ["ja", "fi"]


def test_review_queue_shows_each_reviewer_the_versions_they_can_judge(
    api_for, people, live_entry, help_page
):
    editor = api_for(people["editor"])
    ja_only = submit_edit(editor, live_entry, "chat", body={"ja": "新しい本文"})
    en_and_ja = submit_edit(
        editor, live_entry, "help-page", body={"en": "New source", "ja": "新しい"}
    )
    japanese = api_for(UserFactory(username="ja-reviewer", groups=["Reviewers"]))
    declared = japanese.put("/api/v1/me/review-languages/", {"languages": ["ja"]}, format="json")
    assert declared.json() == {"languages": ["ja"]}
    everyone = api_for(people["reviewer"])  # declared nothing: every language

    assert [v["id"] for v in japanese.get(QUEUE).json()["results"]] == [ja_only["id"]]
    assert [v["id"] for v in everyone.get(QUEUE).json()["results"]] == [
        ja_only["id"],
        en_and_ja["id"],
    ]
    # Authors never see their own work in their queue.
    assert editor.get(QUEUE).json()["results"] == []


def test_declaring_an_unknown_review_language_is_400(api_for, people):
    response = api_for(people["reviewer"]).put(
        "/api/v1/me/review-languages/", {"languages": ["sv"]}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


def test_unknown_queue_or_status_is_400(api_for, people):
    client = api_for(people["reviewer"])
    assert client.get("/api/v1/versions/?queue=all").json()["code"] == "invalid_queue"
    assert client.get("/api/v1/versions/?status=live").json()["code"] == "invalid_status"


def test_diff_reports_changes_per_language_against_the_live_version(api_for, people, live_entry):
    editor = api_for(people["editor"])
    draft = submit_edit(editor, live_entry, "chat", body={"ja": "Body (ja) 新"})
    diff = editor.get(f"/api/v1/versions/{draft['id']}/diff/").json()
    live = live_entry.variants.get(channel__slug="chat").published_version
    assert diff["against"] == live.pk
    assert diff["changed_languages"] == ["ja"]
    assert diff["languages"]["ja"]["body"]["changed"] is True
    assert diff["languages"]["en"]["body"]["changed"] is False
    inserted = [op for op in diff["languages"]["ja"]["body"]["ops"] if op["op"] != "equal"]
    assert inserted == [{"op": "insert", "before": "", "after": " 新"}]


def test_diff_against_a_version_of_another_variant_is_400(api_for, people, live_entry):
    editor = api_for(people["editor"])
    draft = submit_edit(editor, live_entry, "chat", body={"ja": "x"})
    other = live_entry.variants.get(channel__slug="help-page").published_version
    response = editor.get(f"/api/v1/versions/{draft['id']}/diff/?against={other.pk}")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_against"
    assert editor.get(f"/api/v1/versions/{draft['id']}/diff/?against=x").status_code == 400


@pytest.mark.parametrize(
    ("before", "after", "changed"),
    [
        ("Refunds take 5 days.", "Refunds take 7 days.", [("5", "7")]),
        ("返金は5日です。", "返金は7日です。", [("5", "7")]),
        ("Hyvitys kestää 5 päivää.", "Hyvitys kestää 5 päivää.", []),
    ],
)
def test_text_ops_mark_only_what_changed(before, after, changed):
    ops = text_ops(before, after)
    assert [(op["before"], op["after"]) for op in ops if op["op"] != "equal"] == changed
    assert "".join(op["after"] for op in ops) == after
    assert "".join(op["before"] for op in ops) == before


def test_an_editor_who_does_not_review_cannot_declare_review_languages(api_for):
    from knowledge.models import ReviewerProfile
    from tests.factories import UserFactory

    editor = api_for(UserFactory(username="only-edits", groups=["Editors"]))
    response = editor.put("/api/v1/me/review-languages/", {"languages": ["ja"]}, format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert not ReviewerProfile.objects.exists()

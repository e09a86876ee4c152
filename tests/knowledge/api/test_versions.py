import time
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from knowledge.models import Transition, Variant, Version
from knowledge.workflow import VersionStatus
from tests.api import write
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def versions_url(entry, channel: str) -> str:
    return f"/api/v1/entries/{entry.key}/variants/{channel}/versions/"


def version_url(pk: int, action: str = "") -> str:
    return f"/api/v1/versions/{pk}/{action + '/' if action else ''}"


def open_draft(client, entry, channel: str = "chat", **texts) -> dict:
    response = client.post(versions_url(entry, channel), texts, format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def test_new_draft_is_copied_from_the_live_version(api_for, people, live_entry):
    draft = open_draft(api_for(people["editor"]), live_entry)
    assert (draft["number"], draft["status"]) == (2, "draft")
    assert draft["title"]["fi"] == "Title (fi)"
    assert draft["author"] == "editor"
    assert draft["transitions"][0]["action"] == "create"


def test_posting_versions_creates_the_variant_when_missing(api_for, people, live_entry):
    from tests.factories import ChannelFactory

    ChannelFactory(slug="email", tone="empathetic", format="html")
    draft = open_draft(
        api_for(people["editor"]),
        live_entry,
        "email",
        title={"en": "Your refund"},
        body={"en": "Hello {{customer_name}}"},
    )
    assert (draft["number"], draft["channel"]) == (1, "email")
    assert draft["title"] == {"en": "Your refund", "ja": "", "fi": "", "zh-hant": ""}
    assert Variant.objects.get(entry=live_entry, channel__slug="email").draft_id == draft["id"]


def test_second_draft_is_409_draft_exists_naming_the_open_one(api_for, people, live_entry):
    client = api_for(people["editor"])
    first = open_draft(client, live_entry)
    response = client.post(versions_url(live_entry, "chat"), {}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "draft_exists"
    assert response.json()["draft_id"] == first["id"]
    assert Version.objects.filter(variant__channel__slug="chat").count() == 2


@pytest.mark.parametrize("header", [None, "*", " "])
def test_a_write_without_if_match_is_428_and_names_the_current_etag(
    api_for, people, live_entry, header
):
    client = api_for(people["editor"])
    draft = open_draft(client, live_entry)
    etag = client.get(version_url(draft["id"]))["ETag"]
    extra = {} if header is None else {"HTTP_IF_MATCH": header}
    for method, url, data in (
        ("patch", version_url(draft["id"]), {"body": {"fi": "Uusi"}}),
        ("post", version_url(draft["id"], "submit"), {}),
    ):
        response = getattr(client, method)(url, data, format="json", **extra)
        assert response.status_code == 428
        assert response.json()["code"] == "precondition_required"
        assert response.json()["etag"] == response["ETag"] == etag
    version = Version.objects.get(pk=draft["id"])
    assert (version.status, version.body_fi) == (VersionStatus.DRAFT, "Body (fi)")


def test_a_step_on_a_version_changed_since_it_was_read_is_412(api_for, people, live_entry):
    """The reviewer read the version in review; it went back to its author, was
    edited and sent again: approving the text they read would approve another."""
    editor, reviewer = api_for(people["editor"]), api_for(people["reviewer"])
    draft = open_draft(editor, live_entry, body={"en": "Changed body (en)."})
    write(editor, "post", version_url(draft["id"], "submit"))
    read = reviewer.get(version_url(draft["id"]))["ETag"]
    write(reviewer, "post", version_url(draft["id"], "request-changes"), {"comment": "Hm."})
    write(editor, "patch", version_url(draft["id"]), {"body": {"en": "Other body (en)."}})
    write(editor, "post", version_url(draft["id"], "submit"))
    late = reviewer.post(version_url(draft["id"], "approve"), {}, format="json", HTTP_IF_MATCH=read)
    assert late.status_code == 412
    assert late.json()["etag"] == reviewer.get(version_url(draft["id"]))["ETag"]
    assert Version.objects.get(pk=draft["id"]).status == VersionStatus.IN_REVIEW


def test_rollback_needs_no_if_match(api_for, people, live_entry):
    first = Version.objects.get(variant__entry=live_entry, variant__channel__slug="chat")
    response = api_for(people["editor"]).post(version_url(first.pk, "rollback"), {}, format="json")
    assert response.status_code == 201
    assert response["ETag"]


def test_draft_with_bad_texts_is_refused_and_leaves_no_draft(api_for, people, live_entry):
    response = api_for(people["editor"]).post(
        versions_url(live_entry, "chat"), {"title": {"sv": "Hej"}}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert Version.objects.filter(variant__channel__slug="chat").count() == 1


def test_patch_with_current_etag_saves_and_returns_a_new_etag(api_for, people, live_entry):
    client = api_for(people["editor"])
    draft = open_draft(client, live_entry)
    etag = client.get(version_url(draft["id"]))["ETag"]
    response = client.patch(
        version_url(draft["id"]),
        {"body": {"ja": "返金は5営業日以内です。"}},
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert response.status_code == 200, response.json()
    assert response.json()["body"]["ja"] == "返金は5営業日以内です。"
    assert response.json()["body"]["en"] == "Body (en)"  # languages left out stay
    assert response["ETag"] != etag


def test_stale_patch_is_412_and_loses_nothing(api_for, people, live_entry):
    alice, bob = api_for(people["editor"]), api_for(people["other_editor"])
    draft = open_draft(alice, live_entry)
    etag = alice.get(version_url(draft["id"]))["ETag"]
    # Bob saves first, from the same starting point.
    bob_saved = bob.patch(
        version_url(draft["id"]),
        {"body": {"fi": "Bobin teksti"}},
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert bob_saved.status_code == 200
    alice_late = alice.patch(
        version_url(draft["id"]),
        {"body": {"fi": "Alicen teksti"}},
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert alice_late.status_code == 412
    assert alice_late.json()["code"] == "precondition_failed"
    assert alice_late.json()["etag"] == bob_saved["ETag"]
    version = Version.objects.get(pk=draft["id"])
    assert version.body_fi == "Bobin teksti"
    assert version.history.filter(history_change_reason="edit").count() == 1


def test_patch_of_a_submitted_version_is_409_not_editable(api_for, people, live_entry):
    client = api_for(people["editor"])
    draft = open_draft(client, live_entry, body={"en": "Changed body (en)."})
    assert write(client, "post", version_url(draft["id"], "submit")).status_code == 200
    response = write(client, "patch", version_url(draft["id"]), {"body": {"en": "x"}})
    assert response.status_code == 409
    assert response.json()["code"] == "not_editable"
    assert Version.objects.get(pk=draft["id"]).body_en == "Changed body (en)."


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        ({"body": {"xx": "text"}}, "invalid"),
        ({"body": "not a mapping"}, "invalid"),
        ({"body": {"en": 5}}, "invalid"),
        ({"title": {"en": "x" * 301}}, "text_too_long"),
        ({"status": "published"}, "invalid"),
    ],
)
def test_bad_patch_is_400_and_changes_nothing(api_for, people, live_entry, payload, code):
    client = api_for(people["editor"])
    draft = open_draft(client, live_entry)
    response = write(client, "patch", version_url(draft["id"]), payload)
    assert response.status_code == 400
    assert response.json()["code"] == code
    version = Version.objects.get(pk=draft["id"])
    assert (version.status, version.body_en, version.title_en) == (
        "draft",
        "Body (en)",
        "Title (en)",
    )


def test_editor_cannot_approve_own_version(api_for, people, live_entry, settings):
    settings.PARLEY_FOUR_EYES = True
    # An editor who could also review still may not approve what they wrote.
    author = UserFactory(username="writer-reviewer", groups=["Editors", "Reviewers"])
    client = api_for(author)
    draft = open_draft(client, live_entry, body={"en": "Changed body (en)."})
    write(client, "post", version_url(draft["id"], "submit"))
    response = write(client, "post", version_url(draft["id"], "approve"))
    assert response.status_code == 403
    assert response.json()["code"] == "four_eyes"
    assert Version.objects.get(pk=draft["id"]).status == VersionStatus.IN_REVIEW


def test_editor_without_review_permission_gets_permission_denied(api_for, people, live_entry):
    client = api_for(people["editor"])
    draft = open_draft(client, live_entry)
    write(client, "post", version_url(draft["id"], "submit"))
    response = write(client, "post", version_url(draft["id"], "approve"))
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_request_changes_needs_a_comment(api_for, people, live_entry):
    draft = open_draft(api_for(people["editor"]), live_entry, body={"en": "Changed body (en)."})
    write(api_for(people["editor"]), "post", version_url(draft["id"], "submit"))
    response = write(
        api_for(people["reviewer"]),
        "post",
        version_url(draft["id"], "request-changes"),
        {"comment": "  "},
    )
    assert response.status_code == 400
    assert response.json()["code"] == "comment_required"
    assert Version.objects.get(pk=draft["id"]).status == VersionStatus.IN_REVIEW


def test_impossible_step_is_409_invalid_transition(api_for, people, live_entry):
    draft = open_draft(api_for(people["editor"]), live_entry)
    response = write(api_for(people["publisher"]), "post", version_url(draft["id"], "publish"))
    assert response.status_code == 409
    assert response.json()["code"] == "invalid_transition"


def test_unknown_action_body_field_is_400(api_for, people, live_entry):
    draft = open_draft(api_for(people["editor"]), live_entry)
    response = write(
        api_for(people["editor"]), "post", version_url(draft["id"], "submit"), {"coment": "typo"}
    )
    assert response.status_code == 400
    assert Version.objects.get(pk=draft["id"]).status == VersionStatus.DRAFT


def test_full_cycle_write_review_publish_then_roll_back(api_for, people, live_entry):
    editor, reviewer, publisher = (api_for(people[r]) for r in ("editor", "reviewer", "publisher"))
    draft = open_draft(editor, live_entry, body={"ja": "新しい本文"})
    assert write(editor, "post", version_url(draft["id"], "submit")).status_code == 200
    changes = write(
        reviewer,
        "post",
        version_url(draft["id"], "request-changes"),
        {"comment": "Shorter, please."},
    )
    assert changes.json()["status"] == "changes_requested"
    write(editor, "patch", version_url(draft["id"]), {"body": {"ja": "短い本文"}})
    write(editor, "post", version_url(draft["id"], "submit"))
    approved = write(reviewer, "post", version_url(draft["id"], "approve"))
    assert approved.json()["status"] == "approved"
    published = write(publisher, "post", version_url(draft["id"], "publish"))
    assert published.status_code == 200
    assert published.json()["status"] == "published"
    steps = [(t["action"], t["actor"]) for t in published.json()["transitions"]]
    assert steps == [
        ("create", "editor"),
        ("submit", "editor"),
        ("request_changes", "reviewer"),
        ("submit", "editor"),
        ("approve", "reviewer"),
        ("publish", "publisher"),
    ]
    first = Version.objects.get(variant__channel__slug="chat", number=1)
    assert first.status == VersionStatus.SUPERSEDED
    rollback = editor.post(version_url(first.pk, "rollback"), {}, format="json")
    assert rollback.status_code == 201
    assert rollback.json()["number"] == 3
    assert rollback.json()["body"]["ja"] == first.body_ja


def test_scheduled_version_goes_live_when_run_due_jobs_runs_after_its_time(
    api_for, people, live_entry
):
    editor, reviewer, publisher = (api_for(people[r]) for r in ("editor", "reviewer", "publisher"))
    draft = open_draft(editor, live_entry, body={"en": "Refunds take a few days."})
    write(editor, "post", version_url(draft["id"], "submit"))
    write(reviewer, "post", version_url(draft["id"], "approve"))
    publish_at = timezone.now() + timedelta(seconds=1)
    scheduled = write(
        publisher,
        "post",
        version_url(draft["id"], "publish"),
        {"publish_at": publish_at.isoformat()},
    )
    assert scheduled.json()["status"] == "scheduled"
    call_command("run_due_jobs", stdout=open("/dev/null", "w"))
    assert Version.objects.get(pk=draft["id"]).status == VersionStatus.SCHEDULED
    time.sleep(max(0.0, (publish_at - timezone.now()).total_seconds()) + 0.05)
    call_command("run_due_jobs", stdout=open("/dev/null", "w"))
    live = editor.get(version_url(draft["id"])).json()
    assert live["status"] == "published"
    assert live["transitions"][-1]["actor"] is None  # the system published it
    assert (
        Variant.objects.get(pk=Version.objects.get(pk=draft["id"]).variant_id).published_version_id
        == draft["id"]
    )


def test_overdue_review_sends_an_escalation_email(
    api_for, people, live_entry, settings, django_capture_on_commit_callbacks
):
    settings.PARLEY_REVIEW_SLA_HOURS = 0
    editor = api_for(people["editor"])
    draft = open_draft(editor, live_entry, body={"en": "Changed body (en)."})
    write(editor, "post", version_url(draft["id"], "submit"))
    # The e-mails are notices (notices app), sent once the escalation has committed:
    # to the publishers and to the author.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("run_due_jobs", stdout=open("/dev/null", "w"))
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [people["publisher"].email, people["editor"].email]
    )
    assert all("refund-time" in message.body for message in mail.outbox)
    assert all(message.subject.startswith("[Parley] Review overdue") for message in mail.outbox)
    assert editor.get(version_url(draft["id"])).json()["escalated_at"] is not None
    assert Transition.objects.filter(version_id=draft["id"], action="escalate").count() == 1

"""Snippets go through the review engine as answers do: log, schedule, unpublish, atomic drafts."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from templates_app.models import Snippet, SnippetTransition, SnippetVersion
from tests.api import write
from tests.channels.conftest import release
from tests.templates_app.conftest import publish_snippet

pytestmark = pytest.mark.django_db

BASE = "/api/v1/snippets/"


def steps(version_id: int) -> list[tuple[str, str, str]]:
    return list(
        SnippetTransition.objects.filter(version_id=version_id)
        .order_by("pk")
        .values_list("action", "to_status", "actor__username")
    )


def test_every_step_of_a_snippet_is_logged_with_who_and_the_comment(api_for, people, channels):
    editor, reviewer = api_for(people["editor"]), api_for(people["reviewer"])
    publisher = api_for(people["publisher"])
    draft = editor.post(
        BASE, {"key": "thanks", "kind": "closing", "text": {"en": "Thanks!"}}, format="json"
    ).json()
    version = f"{BASE}versions/{draft['id']}/"
    write(editor, "post", f"{version}submit/")
    sent_back = write(reviewer, "post", f"{version}request-changes/", {"comment": "Warmer."})
    assert sent_back.json()["review_comment"] == "Warmer."
    write(editor, "patch", version, {"text": {"en": "Thanks a lot!"}})
    write(editor, "post", f"{version}submit/")
    write(reviewer, "post", f"{version}request-changes/", {"comment": "Shorter."})
    write(editor, "post", f"{version}submit/")
    write(reviewer, "post", f"{version}approve/")
    published = write(publisher, "post", f"{version}publish/").json()
    assert published["status"] == "published"
    assert steps(draft["id"]) == [
        ("create", "draft", "editor"),
        ("submit", "in_review", "editor"),
        ("request_changes", "changes_requested", "reviewer"),
        ("submit", "in_review", "editor"),
        ("request_changes", "changes_requested", "reviewer"),
        ("submit", "in_review", "editor"),
        ("approve", "approved", "reviewer"),
        ("publish", "published", "publisher"),
    ]
    # Both comments are kept, in order: not one field overwritten.
    comments = [t["comment"] for t in published["transitions"] if t["action"] == "request_changes"]
    assert comments == ["Warmer.", "Shorter."]


def test_a_snippet_version_can_be_scheduled_and_is_published_when_due(api_for, people, channels):
    live = publish_snippet(people, "hello", {"en": "Hello."})
    editor, reviewer = api_for(people["editor"]), api_for(people["reviewer"])
    publisher = api_for(people["publisher"])
    draft = editor.post(
        f"{BASE}hello/versions/", {"text": {"en": "Hello there."}}, format="json"
    ).json()
    version = f"{BASE}versions/{draft['id']}/"
    write(editor, "post", f"{version}submit/")
    write(reviewer, "post", f"{version}approve/")
    when = (timezone.now() + timedelta(hours=1)).isoformat()
    scheduled = write(publisher, "post", f"{version}publish/", {"publish_at": when}).json()
    assert scheduled["status"] == "scheduled"
    assert Snippet.objects.get(key="hello").published_version_id == live.pk
    SnippetVersion.objects.filter(pk=draft["id"]).update(publish_at=timezone.now())
    call_command("run_due_jobs", stdout=io.StringIO())
    snippet = Snippet.objects.get(key="hello")
    assert snippet.published_version_id == draft["id"]
    assert steps(draft["id"])[-1] == ("publish", "published", None)  # the system did it
    live.refresh_from_db()
    assert live.status == "superseded"


def test_a_snippet_that_live_answers_use_cannot_be_unpublished(
    api_for, people, channels, refund, staff
):
    live = publish_snippet(people, "sorry", {"en": "Sorry about that."})
    release(refund["chat"].variant, staff, {"body": {"en": "{{snippet:sorry}} It takes 5 days."}})
    publisher = api_for(people["publisher"])
    refused = write(publisher, "post", f"{BASE}versions/{live.pk}/unpublish/")
    assert refused.status_code == 409
    assert refused.json()["code"] == "snippet_in_use"
    assert refused.json()["keys"] == ["refund-time"]
    assert Snippet.objects.get(key="sorry").published_version_id == live.pk
    # Once no live answer uses it, it can go.
    release(refund["chat"].variant, staff, {"body": {"en": "It takes 5 days."}})
    done = write(publisher, "post", f"{BASE}versions/{live.pk}/unpublish/")
    assert done.status_code == 200
    assert done.json()["status"] == "unpublished"
    assert Snippet.objects.get(key="sorry").published_version is None
    assert steps(live.pk)[-1] == ("unpublish", "unpublished", "publisher")


def test_a_refused_text_leaves_no_orphan_draft(api_for, people, channels):
    publish_snippet(people, "bye", {"en": "Bye."})
    editor = api_for(people["editor"])
    refused = editor.post(
        f"{BASE}bye/versions/", {"text": {"en": "Bye {{unknown_thing}}."}}, format="json"
    )
    assert refused.status_code == 400
    assert refused.json()["code"] == "unknown_placeholder"
    assert Snippet.objects.get(key="bye").draft is None
    assert SnippetVersion.objects.filter(snippet__key="bye").count() == 1
    retried = editor.post(f"{BASE}bye/versions/", {"text": {"en": "Bye now."}}, format="json")
    assert retried.status_code == 201


def test_the_database_holds_one_published_version_per_snippet(people, channels):
    from django.db import IntegrityError, transaction

    live = publish_snippet(people, "once", {"en": "Once."})
    second = SnippetVersion(snippet=live.snippet, number=2, status="published")
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()


def test_a_snippet_an_approved_answer_uses_cannot_be_unpublished_and_no_answer_goes_out_without_it(
    api_for, people, channels, refund, staff
):
    from knowledge import services as answers
    from knowledge.models import Version

    live = publish_snippet(people, "sorry", {"en": "Sorry about that."})
    draft = answers.version_create_draft(variant=refund["chat"].variant, actor=staff["editor"])
    answers.version_update(
        version=draft,
        actor=staff["editor"],
        texts={"body": {"en": "{{snippet:sorry}} It takes 5 days."}},
    )
    answers.version_submit(version=draft, actor=staff["editor"])
    answers.version_approve(version=draft, actor=staff["reviewer"])
    publisher = api_for(people["publisher"])
    refused = write(publisher, "post", f"{BASE}versions/{live.pk}/unpublish/")
    assert refused.status_code == 409
    assert refused.json()["keys"] == ["refund-time"]
    # Should the snippet go anyway (here: by the system), publishing the answer is refused.
    from knowledge import engine
    from templates_app.services import SNIPPETS

    engine.unpublish(SNIPPETS, live, actor=None)
    response = write(publisher, "post", f"/api/v1/versions/{draft.pk}/publish/")
    assert response.status_code == 400
    assert response.json()["code"] == "unknown_placeholder"
    assert Version.objects.get(pk=draft.pk).status == "approved"

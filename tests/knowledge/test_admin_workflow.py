"""One change, end to end, through the admin's workflow buttons."""

import pytest
from django.urls import reverse

from knowledge.models import Version
from knowledge.workflow import VersionStatus
from tests.factories import UserFactory, VariantFactory, VersionFactory

pytestmark = pytest.mark.django_db


def step(client, version: Version, action: str, **data: str):
    url = reverse("admin:knowledge_version_workflow", args=[version.pk, action])
    return client.post(url, data, follow=True)


def page(client, version: Version) -> str:
    url = reverse("admin:knowledge_version_change", args=[version.pk])
    return client.get(url).content.decode()


def test_editor_reviewer_and_publisher_take_a_change_live(client_for, people, help_page):
    variant = VariantFactory(channel=help_page)
    live = VersionFactory(variant=variant, number=1, status=VersionStatus.PUBLISHED)
    editor, reviewer, publisher = (
        client_for(people[role]) for role in ("editor", "reviewer", "publisher")
    )

    step(editor, live, "new_draft")
    draft = Version.objects.get(variant=variant, number=2)
    assert draft.author == people["editor"]

    form = {f"{f}_{c}": getattr(draft, f"{f}_{c}") for f in ("title", "body") for c in
            ("en", "ja", "fi", "zh_hant")}  # fmt: skip
    form["title_ja"] = "新しいタイトル"
    response = editor.post(reverse("admin:knowledge_version_change", args=[draft.pk]), form)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title_ja == "新しいタイトル"

    assert ">Submit for review</button>" in page(editor, draft)
    step(editor, draft, "submit")
    assert ">Approve</button>" not in page(editor, draft)
    assert ">Approve</button>" in page(reviewer, draft)
    step(reviewer, draft, "approve", comment="Reads well.")
    step(publisher, draft, "publish")

    draft.refresh_from_db()
    live.refresh_from_db()
    variant.refresh_from_db()
    assert (draft.status, live.status) == (VersionStatus.PUBLISHED, VersionStatus.SUPERSEDED)
    assert variant.published_version == draft
    log = page(editor, draft)
    assert "Workflow log" in log and "Reads well." in log


def test_own_approval_is_refused_with_a_message(client_for, people, help_page):
    both = UserFactory(username="both", groups=["Editors", "Reviewers"])
    version = VersionFactory(
        variant=VariantFactory(channel=help_page), status=VersionStatus.IN_REVIEW, author=both
    )
    response = step(client_for(both), version, "approve")
    assert "another person must approve" in response.content.decode()
    version.refresh_from_db()
    assert version.status == VersionStatus.IN_REVIEW


def test_request_changes_without_comment_is_refused(client_for, people, help_page):
    version = VersionFactory(
        variant=VariantFactory(channel=help_page), status=VersionStatus.IN_REVIEW
    )
    response = step(client_for(people["reviewer"]), version, "request_changes", comment="")
    assert "Say what should change" in response.content.decode()
    version.refresh_from_db()
    assert version.status == VersionStatus.IN_REVIEW


def test_schedule_from_the_admin(client_for, people, help_page):
    version = VersionFactory(
        variant=VariantFactory(channel=help_page), status=VersionStatus.APPROVED
    )
    step(client_for(people["publisher"]), version, "schedule", publish_at="2099-01-01T09:30")
    version.refresh_from_db()
    assert version.status == VersionStatus.SCHEDULED
    assert version.publish_at.isoformat() == "2099-01-01T09:30:00+00:00"


def test_workflow_steps_need_post(client_for, people, help_page):
    version = VersionFactory(variant=VariantFactory(channel=help_page))
    url = reverse("admin:knowledge_version_workflow", args=[version.pk, "submit"])
    assert client_for(people["editor"]).get(url).status_code == 405


def test_review_queue_lists_versions_waiting_for_me_but_not_my_own(client_for, help_page):
    me = UserFactory(username="me", groups=["Editors", "Reviewers"])
    theirs = VersionFactory(
        variant=VariantFactory(channel=help_page), status=VersionStatus.IN_REVIEW
    )
    VersionFactory(
        variant=VariantFactory(channel=help_page), status=VersionStatus.IN_REVIEW, author=me
    )
    VersionFactory(variant=VariantFactory(channel=help_page), status=VersionStatus.DRAFT)
    response = client_for(me).get(reverse("admin:knowledge_version_changelist"), {"queue": "mine"})
    assert list(response.context["cl"].result_list) == [theirs]

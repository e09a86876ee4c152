"""Each person's work in the admin: the home page, reviewing from the compare page
with the next version following, submitting what was typed, honest controls."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from knowledge import services
from knowledge.models import ReviewerProfile, Version
from knowledge.workflow import VersionStatus
from tests.factories import EntryFactory, UserFactory, VariantFactory, complete_version
from tests.knowledge.test_admin import version_form_data

pytestmark = pytest.mark.django_db


def submitted_change(people, channel, key: str, *, body_ja: str = "新しい本文。") -> Version:
    """A live chat text whose Japanese body an editor changed and submitted."""
    variant = VariantFactory(entry=EntryFactory(key=key, owner=people["editor"]), channel=channel)
    complete_version(variant=variant, number=1, status=VersionStatus.PUBLISHED)
    draft = services.version_create_draft(variant=variant, actor=people["editor"])
    services.version_update(version=draft, actor=people["editor"], texts={"body": {"ja": body_ja}})
    return services.version_submit(version=draft, actor=people["editor"])


def test_home_page_shows_a_reviewer_their_queue_overdue_first(client_for, people, chat, settings):
    settings.PARLEY_REVIEW_SLA_HOURS = 24
    recent = submitted_change(people, chat, "recent")
    old = submitted_change(people, chat, "old")
    Version.objects.filter(pk=old.pk).update(submitted_at=timezone.now() - timedelta(hours=30))
    fi_only = UserFactory(username="fi-reviewer", groups=["Reviewers"])
    ReviewerProfile.objects.create(user=fi_only, languages=["fi"])

    page = client_for(people["reviewer"]).get(reverse("admin:index"))
    queue = page.context["home"]["queue"]
    assert queue["count"] == 2
    assert [v.pk for v in queue["rows"]] == [old.pk, recent.pk]
    html = page.content.decode()
    assert "Waiting for my review (2)" in html
    assert "overdue" in html
    assert f"/admin/knowledge/version/{old.pk}/compare/" in html
    # A reviewer of Finnish only is not shown Japanese changes.
    theirs = client_for(fi_only).get(reverse("admin:index")).context["home"]["queue"]
    assert theirs["count"] == 0


def test_home_page_shows_an_author_drafts_and_the_reviewers_comment(client_for, people, chat):
    sent_back = submitted_change(people, chat, "sent-back")
    services.version_request_changes(
        version=sent_back, actor=people["reviewer"], comment="Say when the parcel arrives."
    )
    draft_variant = VariantFactory(entry=EntryFactory(key="drafting"), channel=chat)
    services.version_create_draft(variant=draft_variant, actor=people["editor"])

    page = client_for(people["editor"]).get(reverse("admin:index"))
    home = page.context["home"]
    assert [v.variant.entry.key for v in home["drafts"]["rows"]] == ["drafting"]
    assert [v.pk for v in home["changes_requested"]["rows"]] == [sent_back.pk]
    html = page.content.decode()
    assert "Say when the parcel arrives." in html
    assert "Write a new answer" in html
    assert "queue" not in home  # editors review nothing


def test_home_page_lists_outdated_texts_of_entries_i_own(client_for, people, help_page, chat):
    entry = EntryFactory(key="owned", owner=people["editor"])
    source = VariantFactory(entry=entry, channel=help_page)
    translated = VariantFactory(entry=entry, channel=chat)
    for variant in (source, translated):
        version = services.variant_open_draft(
            entry=entry,
            channel=variant.channel,
            actor=people["editor"],
            texts={"title": {"en": "T", "ja": "タ"}, "body": {"en": "B", "ja": "ボ"}},
        )
        services.version_submit(version=version, actor=people["editor"])
        services.version_approve(version=version, actor=people["reviewer"])
        services.version_publish(version=version, actor=people["publisher"])
    assert client_for(people["editor"]).get("/admin/").context["home"]["outdated"]["count"] == 0
    # The source changes: the chat texts were written against the old one.
    change = services.version_create_draft(variant=source, actor=people["editor"])
    services.version_update(version=change, actor=people["editor"], texts={"body": {"en": "B2"}})
    services.version_submit(version=change, actor=people["editor"])
    services.version_approve(version=change, actor=people["reviewer"])
    services.version_publish(version=change, actor=people["publisher"])

    outdated = client_for(people["editor"]).get("/admin/").context["home"]["outdated"]
    # The chat texts, and the help page's own Japanese translation of the source.
    assert sorted((r["channel"], r["languages"]) for r in outdated["rows"]) == [
        ("chat", ["en", "ja"]),
        ("help-page", ["ja"]),
    ]


def test_approve_on_the_compare_page_goes_to_the_next_in_the_queue(client_for, people, chat):
    first = submitted_change(people, chat, "first")
    second = submitted_change(people, chat, "second")
    client = client_for(people["reviewer"])
    compare = client.get(reverse("admin:knowledge_version_compare", args=[first.pk]))
    html = compare.content.decode()
    assert 'value="approve"' in html and 'value="request_changes"' in html
    assert 'name="next" value="queue"' in html

    approved = client.post(
        reverse("admin:knowledge_version_workflow", args=[first.pk, "approve"]), {"next": "queue"}
    )
    assert approved.status_code == 302
    assert approved["Location"] == (
        reverse("admin:knowledge_version_compare", args=[second.pk]) + "?queue=1"
    )
    first.refresh_from_db()
    assert first.status == VersionStatus.APPROVED
    last = client.post(
        reverse("admin:knowledge_version_workflow", args=[second.pk, "request_changes"]),
        {"next": "queue", "comment": "Too short."},
        follow=True,
    )
    assert last.redirect_chain[-1][0] == reverse("admin:index")
    assert "Your review queue is empty." in last.content.decode()


def test_approving_ones_own_version_is_not_offered_and_the_page_says_why(client_for, people, chat):
    own = submitted_change(people, chat, "own")
    people["editor"].groups.add(*people["reviewer"].groups.all())  # an editor who also reviews
    page = client_for(people["editor"]).get(
        reverse("admin:knowledge_version_change", args=[own.pk])
    )
    html = page.content.decode()
    assert 'value="approve"' not in html
    assert "You wrote or edited this version, so another reviewer approves it." in html


def test_submit_on_the_edit_page_submits_the_typed_text(client_for, people, chat):
    variant = VariantFactory(entry=EntryFactory(key="typed"), channel=chat)
    complete_version(variant=variant, number=1, status=VersionStatus.PUBLISHED)
    draft = services.version_create_draft(variant=variant, actor=people["editor"])
    url = reverse("admin:knowledge_version_change", args=[draft.pk])
    client = client_for(people["editor"])
    page = client.get(url).content.decode()
    # The button belongs to the edit form: pressing it sends the typed text.
    assert 'form="version_form" name="_submit_for_review"' in page
    data = version_form_data(draft, body_ja="入力したばかりの本文。\r\n")
    response = client.post(url, {**data, "_submit_for_review": "1"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == VersionStatus.IN_REVIEW
    assert draft.body_ja == "入力したばかりの本文。"


def test_submit_of_an_unchanged_copy_is_refused_and_the_draft_stays(client_for, people, chat):
    variant = VariantFactory(entry=EntryFactory(key="same"), channel=chat)
    complete_version(variant=variant, number=1, status=VersionStatus.PUBLISHED)
    draft = services.version_create_draft(variant=variant, actor=people["editor"])
    url = reverse("admin:knowledge_version_change", args=[draft.pk])
    response = client_for(people["editor"]).post(
        url, {**version_form_data(draft), "_submit_for_review": "1"}, follow=True
    )
    assert "not submitted" in response.content.decode()
    assert "live text, unchanged" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT


def test_scheduling_in_the_past_is_refused_and_the_time_zone_is_shown(client_for, people, chat):
    variant = VariantFactory(entry=EntryFactory(key="later"), channel=chat)
    approved = complete_version(variant=variant, number=1, status=VersionStatus.APPROVED)
    client = client_for(people["publisher"])
    page = client.get(reverse("admin:knowledge_version_change", args=[approved.pk]))
    assert "Publish at (UTC)" in page.content.decode()
    past = (timezone.now() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("admin:knowledge_version_workflow", args=[approved.pk, "schedule"]),
        {"publish_at": past},
        follow=True,
    )
    assert "has passed" in response.content.decode()
    approved.refresh_from_db()
    assert approved.status == VersionStatus.APPROVED
    future = (timezone.now() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    client.post(
        reverse("admin:knowledge_version_workflow", args=[approved.pk, "schedule"]),
        {"publish_at": future},
    )
    approved.refresh_from_db()
    assert approved.status == VersionStatus.SCHEDULED


def test_versions_list_reads_like_a_worklist(client_for, people, chat):
    submitted_change(people, chat, "listed")
    html = (
        client_for(people["reviewer"])
        .get(reverse("admin:knowledge_version_changelist"))
        .content.decode()
    )
    for column in ("title", "changed languages", "status", "author", "last change"):
        assert f">{column}<" in html.lower() or column in html.lower()
    assert "Title (en)" in html  # the version's title, not an id
    assert " ago" in html

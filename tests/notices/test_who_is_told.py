"""Each workflow step tells exactly the people it concerns, never the one who took it."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from knowledge import jobs, services
from knowledge.selectors import review_queue, version_reviewers
from notices.models import Notice
from notices.services import notices_mark_read
from templates_app import services as snippets
from tests.factories import UserFactory
from tests.notices.conftest import submit_change

pytestmark = pytest.mark.django_db


def told(event: str, version=None, **about) -> set[str]:
    """Usernames with a notice of `event` about `version`."""
    about = about or {"version": version}
    return set(
        Notice.objects.filter(event=event, **about).values_list("recipient__username", flat=True)
    )


def reviewer_of(username: str, languages: list[str]):
    person = UserFactory(username=username, groups=["Reviewers"])
    services.reviewer_set_languages(user=person, languages=languages)
    return person


def test_a_submission_tells_the_reviewers_whose_languages_cover_it(people, live_entry, chat):
    reviewer_of("ja-reviewer", ["ja"])
    reviewer_of("ja-fi-reviewer", ["ja", "fi"])
    reviewer_of("fi-reviewer", ["fi"])
    UserFactory(username="admin", is_superuser=True)  # may do anything, reviews nothing
    version = submit_change(live_entry, chat, people["editor"], body={"ja": "新しい本文です。"})
    assert version.changed_languages == ["ja"]
    # "reviewer" declared no languages: every language. Not the author, the other
    # editor, the publisher, the superuser, nor the Finnish-only reviewer.
    assert told("submitted", version) == {"reviewer", "ja-reviewer", "ja-fi-reviewer"}
    notice = Notice.objects.get(recipient__username="ja-reviewer")
    assert notice.title == "Waiting for your review: order-delayed (chat) v2"
    assert (
        notice.text == "editor submitted order-delayed (chat) v2 for review. Changed languages: ja."
    )
    assert notice.url == f"/admin/knowledge/version/{version.pk}/change/"
    assert notice.actor == people["editor"]


def test_a_change_in_two_languages_is_not_sent_to_a_reviewer_of_one(people, live_entry, chat):
    reviewer_of("ja-reviewer", ["ja"])
    version = submit_change(
        live_entry, chat, people["editor"], body={"ja": "新しい本文です。", "fi": "Uusi teksti."}
    )
    assert told("submitted", version) == {"reviewer"}


def test_who_is_told_is_who_finds_it_in_their_review_queue(people, live_entry, chat):
    # Someone in Editors and Reviewers who edited the draft may not judge it (four-eyes).
    both = UserFactory(username="both", groups=["Editors", "Reviewers"])
    reviewer_of("fi-reviewer", ["fi"])
    draft = services.variant_open_draft(
        entry=live_entry, channel=chat, actor=people["editor"], texts={"body": {"ja": "新しい。"}}
    )
    services.version_update(version=draft, actor=both, texts={"title": {"ja": "新しい題"}})
    version = services.version_submit(version=draft, actor=people["editor"])

    assert told("submitted", version) == {"reviewer"}
    everyone = [*people.values(), both, User.objects.get(username="fi-reviewer")]
    for person in everyone:
        # The queue lists what a person could judge; only reviewers are asked to.
        in_queue = person.has_perm("knowledge.review_version") and (
            review_queue(person).filter(pk=version.pk).exists()
        )
        assert in_queue == (person in version_reviewers(version)), person.username


def test_changes_requested_tells_the_author_with_the_comment(people, live_entry, chat):
    version = submit_change(live_entry, chat, people["editor"], body={"ja": "新しい本文です。"})
    services.version_request_changes(
        version=version, actor=people["reviewer"], comment="Say when the parcel arrives."
    )
    assert told("changes_requested", version) == {"editor"}
    notice = Notice.objects.get(event="changes_requested")
    assert notice.title == "Changes requested: order-delayed (chat) v2"
    assert notice.text.endswith("Say when the parcel arrives.")
    # The reviewer's own "waiting for your review" is withdrawn: the version moved on.
    assert not Notice.objects.filter(event="submitted").exists()


def test_resubmitting_withdraws_the_authors_changes_requested_notice(people, live_entry, chat):
    version = submit_change(live_entry, chat, people["editor"], body={"ja": "新しい本文です。"})
    services.version_request_changes(version=version, actor=people["reviewer"], comment="Shorter.")
    services.version_update(
        version=version, actor=people["editor"], texts={"body": {"ja": "短い本文。"}}
    )
    services.version_submit(version=version, actor=people["editor"])
    assert not Notice.objects.filter(event="changes_requested").exists()
    assert Notice.objects.filter(event="submitted").count() == 1


def test_approval_tells_the_author_and_withdraws_other_reviewers_notices(people, live_entry, chat):
    second = UserFactory(username="second-reviewer", groups=["Reviewers"])
    version = submit_change(live_entry, chat, people["editor"], body={"ja": "新しい本文です。"})
    services.version_approve(version=version, actor=people["reviewer"], comment="Clear.")
    assert told("approved", version) == {"editor"}
    assert (
        Notice.objects.get(event="approved").text
        == "reviewer approved order-delayed (chat) v2.\n\nClear."
    )
    # The other reviewer has nothing left to do.
    assert not Notice.objects.filter(recipient=second).exists()


def test_what_a_person_read_stays_when_the_version_moves_on(people, live_entry, chat):
    version = submit_change(live_entry, chat, people["editor"], body={"ja": "新しい本文です。"})
    assert notices_mark_read(user=people["reviewer"]) == 1
    services.version_approve(version=version, actor=people["reviewer"])
    assert told("submitted", version) == {"reviewer"}


def test_scheduling_and_publishing_tell_the_author(people, live_entry, chat):
    version = submit_change(live_entry, chat, people["editor"], body={"ja": "新しい本文です。"})
    services.version_approve(version=version, actor=people["reviewer"])
    services.version_publish(
        version=version, actor=people["publisher"], publish_at=timezone.now() + timedelta(hours=2)
    )
    assert told("scheduled", version) == {"editor"}
    services.version_publish(version=version, actor=people["publisher"])
    assert told("published", version) == {"editor"}
    assert Notice.objects.get(event="published").title == "Published: order-delayed (chat) v2"
    # Only the newest state of the version is told: the earlier ones went unread.
    assert list(
        Notice.objects.filter(recipient=people["editor"]).values_list("event", flat=True)
    ) == ["published"]


def test_nobody_is_told_of_their_own_step(live_entry, chat, people):
    # An author who may also publish approves nothing (four-eyes) but publishes.
    author = UserFactory(username="author-publisher", groups=["Editors", "Publishers"])
    version = submit_change(live_entry, chat, author, body={"ja": "新しい本文です。"})
    services.version_approve(version=version, actor=people["reviewer"])
    assert told("approved", version) == {"author-publisher"}
    services.version_publish(version=version, actor=author)
    assert told("published", version) == set()
    assert not Notice.objects.filter(recipient=people["reviewer"], event="approved").exists()


def test_escalation_tells_the_publishers_and_the_author(people, live_entry, chat, settings):
    settings.PARLEY_REVIEW_SLA_HOURS = 24
    version = submit_change(live_entry, chat, people["editor"], body={"ja": "新しい本文です。"})
    escalated = jobs.escalate_overdue_reviews(now=timezone.now() + timedelta(hours=25))
    assert escalated == [version]
    assert told("escalated", version) == {"publisher", "editor"}
    notice = Notice.objects.filter(event="escalated").first()
    assert notice.title == "Review overdue: order-delayed (chat) v2"
    assert notice.actor is None
    # Still in review: the reviewer's notice stays unread.
    assert Notice.objects.get(event="submitted").read_at is None


def test_snippet_steps_tell_the_same_people(people, help_page):
    draft = snippets.snippet_create(
        key="thanks", kind="closing", actor=people["editor"], texts={"en": "Thanks for asking."}
    )
    snippets.snippet_version_submit(version=draft, actor=people["editor"])
    assert told("submitted", snippet_version=draft) == {"reviewer"}
    snippets.snippet_version_request_changes(
        version=draft, actor=people["reviewer"], comment="Warmer, please."
    )
    notice = Notice.objects.get(event="changes_requested")
    assert (notice.recipient, notice.snippet_version, notice.version) == (
        people["editor"],
        draft,
        None,
    )
    assert notice.title == "Changes requested: snippet thanks v1"
    assert notice.url == f"/admin/templates_app/snippetversion/{draft.pk}/change/"

"""The review workflow, through its services: every (status, action) pair."""

from datetime import timedelta

import pytest
from django.utils import timezone

from config.errors import (
    ActionForbidden,
    CommentRequired,
    DraftExists,
    FourEyesViolation,
    InvalidTransition,
    NotEditable,
    StaleVersion,
)
from knowledge import services
from knowledge.models import Transition, Variant, Version
from knowledge.signals import version_published, version_unpublished
from knowledge.workflow import ROLLBACK_SOURCES, TRANSITIONS, Action, VersionStatus
from tests.factories import UserFactory, VariantFactory, VersionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def variant(help_page):
    return VariantFactory(channel=help_page)


def version_in(status: str, variant: Variant, author) -> Version:
    return VersionFactory(variant=variant, number=1, status=status, author=author)


def later() -> timezone.datetime:
    return timezone.now() + timedelta(days=1)


# action -> (who may do it, who may not, how to call it)
ACTIONS = {
    "edit": (
        "editor",
        "reviewer",
        lambda v, a: services.version_update(version=v, actor=a, texts={"title": {"ja": "新"}}),
    ),
    "submit": ("editor", "reviewer", lambda v, a: services.version_submit(version=v, actor=a)),
    "approve": ("reviewer", "editor", lambda v, a: services.version_approve(version=v, actor=a)),
    "request_changes": (
        "reviewer",
        "editor",
        lambda v, a: services.version_request_changes(version=v, actor=a, comment="Shorter."),
    ),
    "publish": (
        "publisher",
        "editor",
        lambda v, a: services.version_publish(version=v, actor=a),
    ),
    "schedule": (
        "publisher",
        "reviewer",
        lambda v, a: services.version_publish(version=v, actor=a, publish_at=later()),
    ),
    "unpublish": (
        "publisher",
        "reviewer",
        lambda v, a: services.version_unpublish(version=v, actor=a),
    ),
    "rollback": (
        "editor",
        "publisher",
        lambda v, a: services.version_rollback(version=v, actor=a),
    ),
}


def expected_outcome(action: str, status: str) -> str | None:
    """The status after `action` from `status`, or None when the move is impossible."""
    if action == "edit":
        return status if status in {"draft", "changes_requested"} else None
    if action == "rollback":
        return status if status in ROLLBACK_SOURCES else None
    return TRANSITIONS.get((action, status))


def snapshot() -> tuple:
    return (
        list(Version.objects.order_by("pk").values()),
        list(Variant.objects.order_by("pk").values()),
        Transition.objects.count(),
        Version.history.count(),
    )


@pytest.mark.parametrize("status", VersionStatus.values)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_every_status_and_action(people, variant, status, action):
    allowed_role, _forbidden_role, call = ACTIONS[action]
    version = version_in(status, variant, people["editor"])
    expected = expected_outcome(action, status)
    before = snapshot()
    if expected is None:
        error = NotEditable if action == "edit" else InvalidTransition
        with pytest.raises(error) as raised:
            call(version, people[allowed_role])
        assert raised.value.status_code == 409
        assert snapshot() == before
    else:
        call(version, people[allowed_role])
        version.refresh_from_db()
        assert version.status == expected
        assert Transition.objects.count() > before[2] or action == "edit"


@pytest.mark.parametrize("status", VersionStatus.values)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_forbidden_actor_is_refused_and_nothing_changes(people, variant, status, action):
    _allowed_role, forbidden_role, call = ACTIONS[action]
    version = version_in(status, variant, people["editor"])
    before = snapshot()
    with pytest.raises(ActionForbidden) as raised:
        call(version, people[forbidden_role])
    assert raised.value.status_code == 403
    assert snapshot() == before


def test_author_cannot_approve_own_version_even_with_review_rights(people, variant):
    both = UserFactory(username="both", groups=["Editors", "Reviewers"])
    version = version_in(VersionStatus.IN_REVIEW, variant, both)
    with pytest.raises(FourEyesViolation) as raised:
        services.version_approve(version=version, actor=both)
    assert raised.value.code == "four_eyes"
    version.refresh_from_db()
    assert version.status == VersionStatus.IN_REVIEW


def test_someone_who_edited_a_version_cannot_approve_it(people, variant):
    both = UserFactory(username="both", groups=["Editors", "Reviewers"])
    version = version_in(VersionStatus.DRAFT, variant, people["editor"])
    services.version_update(version=version, actor=both, texts={"body": {"fi": "Uusi teksti"}})
    services.version_submit(version=version, actor=people["editor"])
    with pytest.raises(FourEyesViolation):
        services.version_approve(version=version, actor=both)
    services.version_approve(version=version, actor=people["reviewer"])
    version.refresh_from_db()
    assert version.status == VersionStatus.APPROVED


def test_four_eyes_can_be_switched_off(people, variant, settings):
    settings.PARLEY_FOUR_EYES = False
    both = UserFactory(username="both", groups=["Editors", "Reviewers"])
    version = version_in(VersionStatus.IN_REVIEW, variant, both)
    services.version_approve(version=version, actor=both)
    version.refresh_from_db()
    assert version.status == VersionStatus.APPROVED


@pytest.mark.parametrize("comment", ["", "   "])
def test_request_changes_needs_a_comment(people, variant, comment):
    version = version_in(VersionStatus.IN_REVIEW, variant, people["editor"])
    with pytest.raises(CommentRequired) as raised:
        services.version_request_changes(version=version, actor=people["reviewer"], comment=comment)
    assert raised.value.status_code == 400
    version.refresh_from_db()
    assert version.status == VersionStatus.IN_REVIEW


def test_publish_supersedes_the_live_version_and_signals_after_commit(
    people, variant, django_capture_on_commit_callbacks
):
    live = version_in(VersionStatus.PUBLISHED, variant, people["editor"])
    new = VersionFactory(variant=variant, number=2, status=VersionStatus.APPROVED)
    received = []
    # Only this test's receiver is removed after: the app's own (cache, search) stay.
    version_published.connect(
        lambda **kw: received.append(kw["version"].pk), weak=False, dispatch_uid="test-pub"
    )
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.version_publish(version=new, actor=people["publisher"])
            assert received == []  # not before commit
    finally:
        version_published.disconnect(dispatch_uid="test-pub")
    live.refresh_from_db()
    new.refresh_from_db()
    variant.refresh_from_db()
    assert (live.status, new.status) == (VersionStatus.SUPERSEDED, VersionStatus.PUBLISHED)
    assert variant.published_version == new
    assert variant.draft is None
    assert received == [new.pk]
    assert list(new.transitions.values_list("action", "actor__username")) == [
        ("publish", "publisher")
    ]


def test_unpublish_takes_the_variant_off_the_channels(
    people, variant, django_capture_on_commit_callbacks
):
    live = version_in(VersionStatus.PUBLISHED, variant, people["editor"])
    received = []
    version_unpublished.connect(
        lambda **kw: received.append(kw["version"].pk), weak=False, dispatch_uid="test-unpub"
    )
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.version_unpublish(version=live, actor=people["publisher"])
    finally:
        version_unpublished.disconnect(dispatch_uid="test-unpub")
    variant.refresh_from_db()
    assert variant.published_version is None
    assert received == [live.pk]


def test_schedule_keeps_the_live_version_until_publish_time(people, variant):
    live = version_in(VersionStatus.PUBLISHED, variant, people["editor"])
    new = VersionFactory(variant=variant, number=2, status=VersionStatus.APPROVED)
    services.version_publish(version=new, actor=people["publisher"], publish_at=later())
    new.refresh_from_db()
    variant.refresh_from_db()
    assert new.status == VersionStatus.SCHEDULED
    assert variant.published_version == live


def test_only_one_open_draft_per_variant(people, variant):
    first = services.version_create_draft(variant=variant, actor=people["editor"])
    with pytest.raises(DraftExists) as raised:
        services.version_create_draft(variant=variant, actor=people["other_editor"])
    assert raised.value.extra["draft_id"] == first.pk


def test_new_draft_copies_the_live_text(people, variant):
    live = version_in(VersionStatus.PUBLISHED, variant, people["editor"])
    draft = services.version_create_draft(variant=variant, actor=people["other_editor"])
    assert (draft.number, draft.title_ja, draft.body_en) == (2, live.title_ja, live.body_en)
    assert draft.status == VersionStatus.DRAFT
    assert draft.author == people["other_editor"]
    variant.refresh_from_db()
    assert variant.draft == draft


def test_rollback_opens_a_draft_with_the_old_content(people, variant):
    old = version_in(VersionStatus.SUPERSEDED, variant, people["editor"])
    VersionFactory(variant=variant, number=2, status=VersionStatus.PUBLISHED, title_en="New")
    draft = services.version_rollback(version=old, actor=people["other_editor"])
    assert (draft.number, draft.status, draft.title_en) == (3, VersionStatus.DRAFT, old.title_en)
    assert "Rollback to version 1" in draft.transitions.get().comment


def test_stale_update_is_refused_and_loses_nothing(people, variant):
    version = version_in(VersionStatus.DRAFT, variant, people["editor"])
    seen = version.updated_at
    services.version_update(
        version=version, actor=people["editor"], texts={"title": {"en": "First"}}
    )
    with pytest.raises(StaleVersion) as raised:
        services.version_update(
            version=version,
            actor=people["other_editor"],
            texts={"title": {"en": "Second"}},
            expected_updated_at=seen,
        )
    assert raised.value.status_code == 412
    version.refresh_from_db()
    assert version.title_en == "First"


def test_transition_log_records_actor_and_comment(people, variant):
    version = version_in(VersionStatus.DRAFT, variant, people["editor"])
    services.version_submit(version=version, actor=people["editor"])
    services.version_request_changes(
        version=version, actor=people["reviewer"], comment="Add the 14-day limit."
    )
    log = list(version.transitions.values_list("action", "from_status", "to_status", "comment"))
    assert log == [
        (Action.SUBMIT, "draft", "in_review", ""),
        (Action.REQUEST_CHANGES, "in_review", "changes_requested", "Add the 14-day limit."),
    ]
    assert version.history.first().history_user == people["reviewer"]

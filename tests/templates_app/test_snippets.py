"""Snippets have the answers' review cycle."""

import pytest

from config.errors import (
    CommentRequired,
    DraftExists,
    FourEyesViolation,
    InvalidTransition,
    NotEditable,
    UnknownPlaceholder,
)
from knowledge.workflow import VersionStatus
from templates_app import services
from tests.templates_app.conftest import publish_snippet

pytestmark = pytest.mark.django_db


def test_a_snippet_goes_live_only_after_review_and_publish(staff):
    draft = services.snippet_create(
        key="sorry-delay", kind="apology", actor=staff["editor"], texts={"en": "Sorry."}
    )
    assert draft.status == VersionStatus.DRAFT
    assert draft.snippet.published_version is None
    services.snippet_version_submit(version=draft, actor=staff["editor"])
    with pytest.raises(InvalidTransition):
        services.snippet_version_publish(version=draft, actor=staff["publisher"])
    services.snippet_version_approve(version=draft, actor=staff["reviewer"])
    live = services.snippet_version_publish(version=draft, actor=staff["publisher"])
    live.snippet.refresh_from_db()
    assert live.snippet.published_version == live
    assert live.status == VersionStatus.PUBLISHED


def test_author_cannot_approve_own_snippet(staff):
    staff["editor"].groups.add(*staff["reviewer"].groups.all())
    draft = services.snippet_create(
        key="x", kind="opener", actor=staff["editor"], texts={"en": "Hi."}
    )
    services.snippet_version_submit(version=draft, actor=staff["editor"])
    with pytest.raises(FourEyesViolation):
        services.snippet_version_approve(version=draft, actor=staff["editor"])


def test_request_changes_needs_a_comment_and_reopens_editing(staff):
    draft = services.snippet_create(
        key="x", kind="opener", actor=staff["editor"], texts={"en": "A"}
    )
    services.snippet_version_submit(version=draft, actor=staff["editor"])
    with pytest.raises(NotEditable):
        services.snippet_version_update(version=draft, actor=staff["editor"], texts={"en": "B"})
    with pytest.raises(CommentRequired):
        services.snippet_version_request_changes(
            version=draft, actor=staff["reviewer"], comment=" "
        )
    services.snippet_version_request_changes(
        version=draft, actor=staff["reviewer"], comment="Warmer, please."
    )
    edited = services.snippet_version_update(
        version=draft, actor=staff["editor"], texts={"en": "B"}
    )
    assert edited.text_en == "B"
    assert edited.review_comment == "Warmer, please."


def test_new_draft_copies_the_live_text_and_publishing_supersedes(staff):
    first = publish_snippet(staff, "closing", {"en": "Anything else?", "ja": "他にございますか。"})
    draft = services.snippet_open_draft(snippet=first.snippet, actor=staff["editor"])
    assert (draft.text_en, draft.text_ja) == ("Anything else?", "他にございますか。")
    with pytest.raises(DraftExists):
        services.snippet_open_draft(snippet=first.snippet, actor=staff["editor"])
    services.snippet_version_update(version=draft, actor=staff["editor"], texts={"en": "More?"})
    services.snippet_version_submit(version=draft, actor=staff["editor"])
    services.snippet_version_approve(version=draft, actor=staff["reviewer"])
    services.snippet_version_publish(version=draft, actor=staff["publisher"])
    first.refresh_from_db()
    assert first.status == VersionStatus.SUPERSEDED


@pytest.mark.parametrize(
    "text", ["Hi {{customer_nam}}", "Hi {{ snippet:other }}", "Hi {{Customer Name}}"]
)
def test_unknown_placeholders_and_nested_snippets_are_refused_at_save(staff, text):
    draft = services.snippet_create(key="x", kind="opener", actor=staff["editor"])
    with pytest.raises(UnknownPlaceholder) as refused:
        services.snippet_version_update(version=draft, actor=staff["editor"], texts={"en": text})
    assert refused.value.code == "unknown_placeholder"
    draft.refresh_from_db()
    assert draft.text_en == ""

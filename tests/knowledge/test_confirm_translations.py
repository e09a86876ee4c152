"""An outdated translation can be confirmed as still correct without retyping it:
a logged step in a draft, reviewed by the language's reviewers, current once published."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from rest_framework.test import APIClient

from channels.services import channel_token_create
from config.errors import ActionForbidden, FourEyesViolation, InvalidInput, NoChanges, NotEditable
from knowledge import services
from knowledge.digests import source_digest
from knowledge.models import Entry, Version
from knowledge.selectors import OUTDATED, UP_TO_DATE, live_source_version, outdated_matrix
from knowledge.workflow import VersionStatus
from tests.factories import UserFactory, VariantFactory, review_and_publish, write_draft

pytestmark = pytest.mark.django_db

SOURCE = {
    "title": {"en": "Reset your password", "ja": "パスワードの再設定"},
    "body": {"en": "Open Settings and choose Password.", "ja": "設定からパスワードを選びます。"},
}
CHAT = {
    "title": {"en": "Reset your password", "ja": "パスワードの再設定"},
    "body": {
        "en": "Happy to help! Open Settings and choose Password.",
        "ja": "お手伝いします。設定からパスワードを選びます。",
    },
}


write = write_draft


def states(entry, channel="chat"):
    (row,) = outdated_matrix(Entry.objects.filter(pk=entry.pk))
    return row["cells"][channel]


@pytest.fixture
def outdated(people, help_page, chat):
    """Live help-page and chat texts; then the source's wording changed: every chat
    language and the help page's ja are outdated."""
    plain = VariantFactory(channel=help_page)
    review_and_publish(write(plain, people, SOURCE), people)
    chatty = VariantFactory(entry=plain.entry, channel=chat)
    review_and_publish(write(chatty, people, CHAT), people)
    review_and_publish(
        write(plain, people, {"body": {"en": "Open Settings, then choose Password."}}), people
    )
    entry = plain.entry
    assert (states(entry)["en"], states(entry)["ja"]) == (OUTDATED, OUTDATED)
    plain.refresh_from_db()
    chatty.refresh_from_db()
    return {"entry": entry, "plain": plain, "chat": chatty}


def test_a_confirmed_translation_is_reviewed_and_current_once_published(outdated, people, chat):
    chatty = outdated["chat"]
    draft = services.version_create_draft(variant=chatty, actor=people["editor"])
    services.version_confirm_translations(version=draft, actor=people["editor"], languages=["ja"])

    draft.refresh_from_db()
    current = source_digest(live_source_version(outdated["entry"].pk))
    assert draft.based_on_ja == current != draft.based_on_en
    assert draft.title_ja == CHAT["title"]["ja"]  # not retyped, not changed
    step = draft.transitions.get(action="confirm")
    assert step.actor == people["editor"]
    assert "Japanese (ja)" in step.comment and step.to_status == VersionStatus.DRAFT

    submitted = services.version_submit(version=draft, actor=people["editor"])
    assert submitted.changed_languages == ["ja"]  # ja's reviewers see the confirmation
    services.version_approve(version=draft, actor=people["reviewer"])
    services.version_publish(version=draft, actor=people["publisher"])

    assert (states(outdated["entry"])["ja"], states(outdated["entry"])["en"]) == (
        UP_TO_DATE,
        OUTDATED,
    )
    cache.clear()  # publishing clears it on commit, which a test transaction never reaches
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {channel_token_create(channel=chat)[1]}")
    url = f"/api/v1/delivery/chat/answers/{outdated['entry'].key}/"
    assert client.get(url, {"lang": "ja"}).json()["outdated"] is False
    assert client.get(url, {"lang": "en"}).json()["outdated"] is True


def test_an_unchanged_copy_without_a_confirmation_is_still_refused(outdated, people):
    draft = services.version_create_draft(variant=outdated["chat"], actor=people["editor"])
    with pytest.raises(NoChanges):
        services.version_submit(version=draft, actor=people["editor"])


def test_a_confirmation_against_a_source_that_changed_since_is_nothing_to_review(outdated, people):
    draft = services.version_create_draft(variant=outdated["chat"], actor=people["editor"])
    services.version_confirm_translations(version=draft, actor=people["editor"], languages=["ja"])
    review_and_publish(
        write(outdated["plain"], people, {"body": {"en": "Go to Security."}}), people
    )
    with pytest.raises(NoChanges):
        services.version_submit(version=draft, actor=people["editor"])


@pytest.mark.parametrize(
    ("languages", "says"),
    [
        (["fi"], "no title and body in: fi"),
        (["sv"], "Unknown languages"),
        ([], "Name the languages"),
    ],
)
def test_only_outdated_languages_with_text_can_be_confirmed(outdated, people, languages, says):
    draft = services.version_create_draft(variant=outdated["chat"], actor=people["editor"])
    with pytest.raises(InvalidInput, match=says) as refused:
        services.version_confirm_translations(
            version=draft, actor=people["editor"], languages=languages
        )
    assert (refused.value.code, refused.value.status_code) == ("invalid", 400)
    assert not draft.transitions.filter(action="confirm").exists()


def test_an_up_to_date_translation_is_not_confirmed_again(outdated, people):
    draft = services.version_create_draft(variant=outdated["chat"], actor=people["editor"])
    services.version_confirm_translations(version=draft, actor=people["editor"], languages=["ja"])
    with pytest.raises(InvalidInput, match="already up to date: ja"):
        services.version_confirm_translations(
            version=draft, actor=people["editor"], languages=["ja"]
        )


def test_confirming_is_an_edit_of_a_draft_by_an_editor(outdated, people):
    draft = services.version_create_draft(variant=outdated["chat"], actor=people["editor"])
    with pytest.raises(ActionForbidden):
        services.version_confirm_translations(
            version=draft, actor=people["reviewer"], languages=["ja"]
        )
    live = outdated["chat"].published_version
    with pytest.raises(NotEditable):
        services.version_confirm_translations(
            version=live, actor=people["editor"], languages=["ja"]
        )


def test_who_confirmed_may_not_approve_the_confirmation(outdated, people):
    both = UserFactory(username="both", groups=["Editors", "Reviewers"])
    draft = services.version_create_draft(variant=outdated["chat"], actor=people["editor"])
    services.version_confirm_translations(version=draft, actor=both, languages=["ja"])
    services.version_submit(version=draft, actor=people["editor"])
    with pytest.raises(FourEyesViolation):
        services.version_approve(version=draft, actor=both)


def test_the_source_channels_translations_are_confirmed_against_its_own_source(outdated, people):
    draft = services.version_create_draft(variant=outdated["plain"], actor=people["editor"])
    with pytest.raises(InvalidInput, match="is the source text"):
        services.version_confirm_translations(
            version=draft, actor=people["editor"], languages=["en"]
        )
    services.version_confirm_translations(version=draft, actor=people["editor"], languages=["ja"])
    assert services.version_submit(version=draft, actor=people["editor"]).changed_languages == [
        "ja"
    ]
    services.version_approve(version=draft, actor=people["reviewer"])
    services.version_publish(version=draft, actor=people["publisher"])
    assert states(outdated["entry"], "help-page")["ja"] == UP_TO_DATE


# --- the admin --------------------------------------------------------------


def change_url(version):
    return reverse("admin:knowledge_version_change", args=[version.pk])


def confirm_url(version):
    return reverse("admin:knowledge_version_confirm_translations", args=[version.pk])


def test_the_live_page_shows_outdated_languages_and_editors_get_the_button(
    outdated, people, client_for
):
    live = outdated["chat"].published_version
    page = client_for(people["editor"]).get(change_url(live)).content.decode()
    assert "Outdated translations" in page
    assert 'name="languages" value="ja"' in page and 'name="languages" value="en"' in page
    assert 'name="languages" value="fi"' not in page  # no fi text: missing, not outdated
    # A reviewer sees which languages are outdated, without the control.
    page = client_for(people["reviewer"]).get(change_url(live)).content.decode()
    assert "Outdated translations" in page and 'name="languages"' not in page


def test_confirm_in_the_admin_opens_a_draft_confirms_and_says_to_submit(
    outdated, people, client_for
):
    live = outdated["chat"].published_version
    response = client_for(people["editor"]).post(
        confirm_url(live), {"languages": "ja"}, follow=True
    )
    draft = Version.objects.get(variant=outdated["chat"], status=VersionStatus.DRAFT)
    assert response.redirect_chain[-1][0] == change_url(draft)
    page = response.content.decode()
    assert "Confirmed still correct in draft version" in page and "Submit it for review" in page
    assert draft.based_on_ja == source_digest(live_source_version(outdated["entry"].pk))
    assert draft.transitions.filter(action="confirm", actor=people["editor"]).exists()
    # On the draft, ja is no longer listed; en still is.
    assert 'name="languages" value="ja"' not in page and 'name="languages" value="en"' in page


def test_a_refused_confirmation_in_the_admin_leaves_no_draft_behind(outdated, people, client_for):
    live = outdated["chat"].published_version
    response = client_for(people["editor"]).post(
        confirm_url(live), {"languages": "fi"}, follow=True
    )
    assert "Not confirmed: Only outdated translations" in response.content.decode()
    assert response.redirect_chain[-1][0] == change_url(live)
    assert not Version.objects.filter(variant=outdated["chat"], status=VersionStatus.DRAFT)


def test_people_who_may_not_edit_cannot_confirm(outdated, people, client_for):
    live = outdated["chat"].published_version
    response = client_for(people["reviewer"]).post(confirm_url(live), {"languages": "ja"})
    assert response.status_code == 403
    assert client_for(people["editor"]).get(confirm_url(live)).status_code == 405


def test_with_a_draft_open_the_live_page_points_to_it(outdated, people, client_for):
    draft = services.version_create_draft(variant=outdated["chat"], actor=people["editor"])
    live = outdated["chat"].published_version
    page = client_for(people["editor"]).get(change_url(live)).content.decode()
    assert f'href="{change_url(draft)}"' in page and 'name="languages"' not in page
    page = client_for(people["editor"]).get(change_url(draft)).content.decode()
    assert 'name="languages" value="ja"' in page


def test_the_reviewer_sees_on_the_compare_page_what_was_confirmed(outdated, people, client_for):
    draft = services.version_create_draft(variant=outdated["chat"], actor=people["editor"])
    services.version_confirm_translations(version=draft, actor=people["editor"], languages=["ja"])
    services.version_submit(version=draft, actor=people["editor"])
    page = client_for(people["reviewer"]).get(
        reverse("admin:knowledge_version_compare", args=[draft.pk])
    )
    html = page.content.decode()
    assert "Confirmation:" in html
    assert "Japanese (ja)" in html
    assert 'value="approve"' in html


def test_before_confirming_and_when_reviewing_people_see_what_changed_in_the_source(
    outdated, people, client_for
):
    live = outdated["chat"].published_version
    page = client_for(people["editor"]).get(change_url(live)).content.decode()
    # The live chat page lists ja as outdated, with the source's change marked.
    assert "What changed in the source since it was written" in page
    assert re.search(r"<ins>[^<]*then</ins>", page)
    draft = services.version_create_draft(variant=outdated["chat"], actor=people["editor"])
    services.version_confirm_translations(version=draft, actor=people["editor"], languages=["ja"])
    services.version_submit(version=draft, actor=people["editor"])
    compare = client_for(people["reviewer"]).get(
        reverse("admin:knowledge_version_compare", args=[draft.pk])
    )
    html = compare.content.decode()
    assert "Confirmed translations: what changed in the source" in html
    assert re.search(r"<ins>[^<]*then</ins>", html)

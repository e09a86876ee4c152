"""The one-page answer editor: an entry and every channel's texts, saved together."""

import json

import pytest

from knowledge import services
from knowledge.models import Entry, Variant, Version
from knowledge.services.answers import answer_stamps
from knowledge.workflow import VersionStatus
from tests.factories import (
    ChannelFactory,
    EntryFactory,
    TopicFactory,
    VariantFactory,
    complete_version,
)

pytestmark = pytest.mark.django_db

URL = "/admin/knowledge/entry/write/"
HELP_BODY = "1. Open Orders.\r\n2. Choose the order.  \r\n3. Select Track parcel."
CHAT_BODY = (
    "I understand you want to know where your parcel is.\r\n"
    "Open Orders and select Track parcel. Does that show it? Thank you for asking!"
)


@pytest.fixture
def channels(help_page, chat):
    email = ChannelFactory(
        slug="email", name="E-mail", tone="empathetic", format="html", inherits_from=chat
    )
    return {"help-page": help_page, "chat": chat, "email": email}


@pytest.fixture
def topic(db):
    return TopicFactory(slug="orders")


def form_data(**texts: str) -> dict[str, str]:
    """POST data of the editor: `texts` as ``help_page__title__en="..."``."""
    data = {"topic": "orders", "tags": "delivery, Tracking", "questions_en": "Where is it?\r\n"}
    for name, value in texts.items():
        channel, field, code = name.split("__")
        data[f"t__{channel.replace('_', '-')}__{field}__{code}"] = value
    return data


def new_answer(**extra: str) -> dict[str, str]:
    return {
        **form_data(
            help_page__title__en="Track a parcel abroad",
            help_page__body__en=HELP_BODY,
            help_page__title__ja="海外の荷物を追跡する",
            help_page__body__ja="1. 注文を開きます。\r\n2. 注文を選びます。",
            chat__title__en="Tracking your parcel",
            chat__body__en=CHAT_BODY,
        ),
        **extra,
    }


def test_a_new_answer_is_written_and_submitted_from_one_page(client_for, people, channels, topic):
    client = client_for(people["editor"])
    assert client.get(URL).status_code == 200
    response = client.post(URL, {**new_answer(), "_submit": "1"})

    entry = Entry.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/knowledge/entry/{entry.pk}/write/"
    assert entry.key == "track-a-parcel-abroad"  # suggested from the help-page title
    assert entry.owner == people["editor"]
    assert sorted(entry.tags.values_list("slug", flat=True)) == ["delivery", "tracking"]
    versions = {v.variant.channel.slug: v for v in Version.objects.select_related("variant")}
    assert set(versions) == {"help-page", "chat"}  # e-mail left blank: served the chat text
    assert {v.status for v in versions.values()} == {VersionStatus.IN_REVIEW}
    assert (
        versions["help-page"].body_en
        == "1. Open Orders.\n2. Choose the order.\n3. Select Track parcel."
    )
    assert "\r" not in versions["chat"].body_en
    assert versions["help-page"].changed_languages == ["en", "ja"]
    assert versions["chat"].changed_languages == ["en"]


def test_save_draft_keeps_drafts_and_a_second_save_edits_the_same_drafts(
    client_for, people, channels, topic
):
    client = client_for(people["editor"])
    client.post(URL, {**new_answer(key="tracking"), "_save": "1"})
    entry = Entry.objects.get(key="tracking")
    assert set(Version.objects.values_list("status", flat=True)) == {VersionStatus.DRAFT}

    page = client.get(f"{URL.replace('write/', '')}{entry.pk}/write/")
    loaded = page.context["form"]["loaded"].value()
    data = {**new_answer(), "loaded": loaded, "_save": "1"}
    data["t__chat__body__ja"] = "荷物の場所を知りたいのですね。"
    data["t__chat__title__ja"] = "荷物の追跡"
    client.post(f"/admin/knowledge/entry/{entry.pk}/write/", data)

    chat = Variant.objects.get(entry=entry, channel__slug="chat")
    assert chat.versions.count() == 1
    assert chat.draft.body_ja == "荷物の場所を知りたいのですね。"


def test_a_refused_submission_saves_nothing_and_keeps_the_typed_text(
    client_for, people, channels, topic
):
    too_long = "I understand. " * 60  # over the chat's 700 characters: lint error
    response = client_for(people["editor"]).post(
        URL, {**new_answer(t__chat__body__en=too_long), "_submit": "1"}
    )
    assert response.status_code == 200
    assert not Entry.objects.exists()
    assert not Version.objects.exists()
    html = response.content.decode()
    assert "Nothing was saved" in html
    assert "chat:" in html
    assert too_long.strip() in html
    # The tab of the refused language is marked, so the editor finds the text.
    assert 'data-language="en" aria-selected="true" title="English" class="has-errors"' in html


def test_an_unchanged_channel_of_a_live_answer_gets_no_new_draft(
    client_for, people, channels, topic
):
    entry = EntryFactory(key="refunds", topic=topic)
    live = {
        slug: complete_version(
            variant=VariantFactory(entry=entry, channel=channels[slug]),
            number=1,
            status=VersionStatus.PUBLISHED,
        )
        for slug in ("help-page", "chat")
    }
    client = client_for(people["editor"])
    url = f"/admin/knowledge/entry/{entry.pk}/write/"
    form = client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data["t__chat__body__en"] = live["chat"].body_en + "\r\nThank you for waiting."
    client.post(url, {**data, "_save": "1"})

    assert Variant.objects.get(entry=entry, channel__slug="help-page").draft is None
    draft = Variant.objects.get(entry=entry, channel__slug="chat").draft
    assert draft.body_en.endswith("\nThank you for waiting.")
    assert draft.body_ja == live["chat"].body_ja  # copied, untouched


def test_a_save_over_someone_elses_newer_save_is_refused(client_for, people, channels, topic):
    entry = EntryFactory(key="refunds", topic=topic)
    variant = VariantFactory(entry=entry, channel=channels["chat"])
    draft = complete_version(variant=variant, number=1, author=people["editor"])
    loaded = json.dumps(answer_stamps(entry))
    services.version_update(
        version=draft, actor=people["other_editor"], texts={"body": {"fi": "Toisen teksti."}}
    )
    data = {**form_data(chat__title__en="Mine", chat__body__en="My text."), "loaded": loaded}
    response = client_for(people["editor"]).post(
        f"/admin/knowledge/entry/{entry.pk}/write/", {**data, "_save": "1"}
    )
    assert response.status_code == 200
    assert "someone changed this text after you opened the page" in response.content.decode()
    draft.refresh_from_db()
    assert draft.title_en != "Mine"
    assert draft.body_fi == "Toisen teksti."


def test_a_text_in_review_cannot_be_changed_from_the_editor(client_for, people, channels, topic):
    entry = EntryFactory(key="refunds", topic=topic)
    variant = VariantFactory(entry=entry, channel=channels["chat"])
    complete_version(variant=variant, number=1, status=VersionStatus.IN_REVIEW)
    data = form_data(chat__title__en="Changed", chat__body__en="Changed.")
    response = client_for(people["editor"]).post(
        f"/admin/knowledge/entry/{entry.pk}/write/", {**data, "_save": "1"}
    )
    assert response.status_code == 200
    assert "is in review; it cannot be changed" in response.content.decode()


def test_only_people_who_write_answers_get_the_editor(client_for, people, channels, topic):
    assert client_for(people["reviewer"]).get(URL).status_code == 403
    # Entries -> Add leads to the one page.
    add = client_for(people["editor"]).get("/admin/knowledge/entry/add/")
    assert add.status_code == 302
    assert add["Location"] == URL


def test_publish_all_publishes_every_approved_text_of_an_entry(client_for, people, channels, topic):
    entry = EntryFactory(key="refunds", topic=topic)
    approved = [
        complete_version(
            variant=VariantFactory(entry=entry, channel=channels[slug]),
            number=1,
            status=VersionStatus.APPROVED,
        )
        for slug in ("chat", "help-page")
    ]
    client = client_for(people["publisher"])
    response = client.post(
        f"/admin/knowledge/entry/{entry.pk}/publish-approved/", {"next": "/admin/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    for version in approved:
        version.refresh_from_db()
        assert version.status == VersionStatus.PUBLISHED
    # Nothing left to publish: said so, nothing changes.
    again = client.post(f"/admin/knowledge/entry/{entry.pk}/publish-approved/", follow=True)
    assert "no approved text waiting" in again.content.decode()
    # An editor may not.
    other = EntryFactory(key="other", topic=topic)
    complete_version(
        variant=VariantFactory(entry=other, channel=channels["chat"]),
        number=1,
        status=VersionStatus.APPROVED,
    )
    client_for(people["editor"]).post(f"/admin/knowledge/entry/{other.pk}/publish-approved/")
    assert Version.objects.get(variant__entry=other).status == VersionStatus.APPROVED


def test_every_refused_text_is_reported_at_once_beside_its_field(
    client_for, people, channels, topic
):
    data = {
        **new_answer(),
        "t__help-page__title__en": "T" * 301,
        "t__chat__body__en": "Hello {{agent_name}}.",
        "t__chat__title__ja": "件名",
        "t__chat__body__ja": "{{agent_name}}です。",
        "_save": "1",
    }
    response = client_for(people["editor"]).post(URL, data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"t__help-page__title__en", "t__chat__body__en", "t__chat__body__ja"}
    assert errors["t__help-page__title__en"] == ["301 characters; a title may have 300."]
    assert "agent_name" in errors["t__chat__body__ja"][0]
    assert "some texts need fixing first" in response.content.decode()
    assert not Entry.objects.exists()

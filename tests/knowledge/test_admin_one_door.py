"""Admin saves go through the same services as the API, with the same normalisation."""

import pytest
from django.urls import reverse

from knowledge.models import Entry, Topic, Variant
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def topic(db):
    return Topic.objects.create(slug="orders", name_en="Orders")


def entry_form(topic, **changes) -> dict:
    data = {
        "key": "where-is-my-order",
        "topic": topic.pk,
        "owner": "",
        "review_by": "",
        # What a browser sends from a textarea: CRLF, blank lines, stray spaces.
        "questions_en": "  Where is my order?\r\n\r\nWhen will it come?  \r\n",
        "questions_ja": "",
        "questions_fi": "",
        "questions_zh_hant": "",
        "variants-TOTAL_FORMS": "0",
        "variants-INITIAL_FORMS": "0",
        "variants-MIN_NUM_FORMS": "0",
        "variants-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


def written(topic) -> dict:
    """The same entry as the answer editor posts it (Entries -> Add leads there)."""
    data = {**entry_form(topic), "topic": topic.slug, "tags": "", "_save": "1"}
    return {k: v for k, v in data.items() if not k.startswith("variants-")}


def test_an_entry_saved_in_the_admin_is_normalised_like_the_api(client_for, topic, api_for):
    editor = UserFactory(username="ed", groups=["Editors"])
    response = client_for(editor).post(reverse("admin:knowledge_entry_write"), written(topic))
    assert response.status_code == 302, response.context["form"].errors
    entry = Entry.objects.get(key="where-is-my-order")
    assert entry.questions_en == "Where is my order?\nWhen will it come?"
    assert entry.owner == editor
    assert entry.history.first().history_user == editor
    # The API, given the same lines, stores the same text.
    api = api_for(editor)
    api.patch(
        "/api/v1/entries/where-is-my-order/",
        {"questions": {"ja": ["  注文はどこ？", "", "いつ届く？ "]}},
        format="json",
    )
    entry.refresh_from_db()
    assert entry.questions_ja == "注文はどこ？\nいつ届く？"


def test_editing_an_entry_in_the_admin_goes_through_entry_update(client_for, topic):
    editor = UserFactory(username="ed", groups=["Editors"])
    client = client_for(editor)
    client.post(reverse("admin:knowledge_entry_write"), written(topic))
    entry = Entry.objects.get(key="where-is-my-order")
    changed = client.post(
        reverse("admin:knowledge_entry_change", args=[entry.pk]),
        entry_form(topic, questions_fi="Missä tilaukseni on?\r\n"),
    )
    assert changed.status_code == 302
    entry.refresh_from_db()
    assert entry.questions_fi == "Missä tilaukseni on?"
    assert entry.questions_en == "Where is my order?\nWhen will it come?"


def test_a_variant_added_in_the_admin_opens_its_first_draft(client_for, topic, help_page):
    editor = UserFactory(username="ed", groups=["Editors"])
    entry = Entry.objects.create(key="gift-wrap", topic=topic)
    response = client_for(editor).post(
        reverse("admin:knowledge_variant_add"), {"entry": entry.pk, "channel": help_page.pk}
    )
    variant = Variant.objects.get(entry=entry, channel=help_page)
    assert variant.draft is not None
    assert variant.draft.transitions.get().action == "create"
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "admin:knowledge_version_change", args=[variant.draft_id]
    )


def test_a_reviewer_profile_for_a_non_reviewer_is_refused_on_the_form(client_for):
    from knowledge.models import ReviewerProfile

    admin_user = UserFactory(username="root", is_staff=True, is_superuser=True)
    editor = UserFactory(username="ed", groups=["Editors"])
    reviewer = UserFactory(username="rev", groups=["Reviewers"])
    client = client_for(admin_user)
    url = reverse("admin:knowledge_reviewerprofile_add")
    refused = client.post(url, {"user": editor.pk, "languages": '["en"]'})
    assert refused.status_code == 200  # the form again, with the reason
    assert "Only reviewers" in refused.content.decode()
    not_a_list = client.post(url, {"user": reviewer.pk, "languages": '"en"'})
    assert "list of language codes" in not_a_list.content.decode()
    assert not ReviewerProfile.objects.exists()
    saved = client.post(url, {"user": reviewer.pk, "languages": '["ja"]'})
    assert saved.status_code == 302
    assert ReviewerProfile.objects.get().languages == ["ja"]


def test_an_entry_key_cannot_be_changed_in_the_admin(client_for, topic):
    editor = UserFactory(username="ed", groups=["Editors"])
    client = client_for(editor)
    client.post(reverse("admin:knowledge_entry_write"), written(topic))
    entry = Entry.objects.get(key="where-is-my-order")
    page = client.get(reverse("admin:knowledge_entry_change", args=[entry.pk]))
    assert 'name="key"' not in page.content.decode()  # shown, not editable


def test_a_workflow_button_on_a_malformed_id_is_a_404(client_for):
    editor = UserFactory(username="ed", groups=["Editors"])
    response = client_for(editor).post("/admin/knowledge/version/abc/workflow/submit/")
    assert response.status_code == 404


def test_opening_a_draft_outside_a_request_records_who_did_it(help_page, topic):
    from knowledge import services

    editor = UserFactory(username="ed", groups=["Editors"])
    entry = Entry.objects.create(key="gift-wrap", topic=topic)
    draft = services.variant_open_draft(entry=entry, channel=help_page, actor=editor)
    assert draft.variant.history.first().history_user == editor

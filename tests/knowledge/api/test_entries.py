import pytest

from knowledge.models import Entry
from tests.factories import TopicFactory

pytestmark = pytest.mark.django_db

ENTRIES = "/api/v1/entries/"


def test_editor_creates_an_entry_with_questions_per_language(api_for, editor):
    TopicFactory(slug="billing")
    payload = {
        "key": "hidden-fee",
        "topic": "billing",
        "tags": ["fees", "fees", "invoice"],
        "questions": {"en": ["Why was I charged extra?"], "ja": ["追加料金はなぜ？"]},
    }
    response = api_for(editor).post(ENTRIES, payload, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["key"] == "hidden-fee"
    assert body["tags"] == ["fees", "invoice"]
    assert body["questions"]["ja"] == ["追加料金はなぜ？"]
    assert body["questions"]["fi"] == []
    entry = Entry.objects.get(key="hidden-fee")
    assert entry.owner == editor
    assert entry.history.first().history_user == editor


def test_duplicate_key_is_409(api_for, editor, live_entry):
    response = api_for(editor).post(
        ENTRIES, {"key": live_entry.key, "topic": live_entry.topic.slug}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "entry_exists"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"key": "x", "topic": "nope"}, "topic"),
        ({"key": "not a slug", "topic": "billing"}, "key"),
        ({"key": "x", "topic": "billing", "questions": {"sv": ["Hej"]}}, "questions"),
        ({"key": "x", "topic": "billing", "questions": {"en": "not a list"}}, "questions"),
        ({"key": "x", "topic": "billing", "questions": {"en": ["two\nlines"]}}, "questions"),
        ({"key": "x", "topic": "billing", "colour": "red"}, "colour"),
    ],
)
def test_bad_entry_payload_is_400_and_creates_nothing(api_for, editor, payload, field):
    TopicFactory(slug="billing")
    response = api_for(editor).post(ENTRIES, payload, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert field in body["detail"] or field in body.get("errors", {}) or field == body.get("field")
    assert not Entry.objects.exists()


def test_reviewer_cannot_create_entries(api_for, reviewer):
    TopicFactory(slug="billing")
    response = api_for(reviewer).post(ENTRIES, {"key": "x", "topic": "billing"}, format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_patch_changes_only_the_given_languages(api_for, editor, live_entry):
    live_entry.questions_ja = "返金はいつ？"
    live_entry.save()
    response = api_for(editor).patch(
        f"{ENTRIES}{live_entry.key}/",
        {"questions": {"en": ["When is my refund paid?", "Refund time"]}},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["questions"]["en"] == ["When is my refund paid?", "Refund time"]
    assert response.json()["questions"]["ja"] == ["返金はいつ？"]


def test_entry_key_cannot_be_changed(api_for, editor, live_entry):
    response = api_for(editor).patch(f"{ENTRIES}{live_entry.key}/", {"key": "x"}, format="json")
    assert response.status_code == 400
    assert Entry.objects.filter(key=live_entry.key).exists()


def test_entry_list_shows_variants_and_costs_the_same_queries_for_more_entries(
    api_for, editor, live_entry, django_assert_num_queries
):
    client = api_for(editor)
    client.get(ENTRIES)  # token last-used write happens once a minute, not per call
    with django_assert_num_queries(7) as few:
        first = client.get(ENTRIES)
    from tests.factories import EntryFactory

    for _ in range(5):
        EntryFactory(topic=live_entry.topic)
    with django_assert_num_queries(len(few.captured_queries)):
        assert len(client.get(ENTRIES).json()["results"]) == 6
    variants = first.json()["results"][0]["variants"]
    assert {v["channel"] for v in variants} == {"help-page", "chat"}


def test_unknown_entry_is_404_with_code(api_for, editor):
    response = api_for(editor).get(f"{ENTRIES}nope/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"

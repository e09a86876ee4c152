"""A change to the source text marks every translation written against it outdated."""

import pytest

from knowledge import services
from knowledge.models import Entry
from knowledge.selectors import MISSING, OUTDATED, UP_TO_DATE, outdated_matrix
from knowledge.workflow import VersionStatus
from tests.factories import VariantFactory

pytestmark = pytest.mark.django_db


def publish_texts(variant, people, texts):
    draft = services.version_create_draft(variant=variant, actor=people["editor"])
    services.version_update(version=draft, actor=people["editor"], texts=texts)
    services.version_submit(version=draft, actor=people["editor"])
    services.version_approve(version=draft, actor=people["reviewer"])
    return services.version_publish(version=draft, actor=people["publisher"])


def states(entry):
    (row,) = outdated_matrix(Entry.objects.filter(pk=entry.pk))
    return row["cells"]


def test_source_change_outdates_other_texts_until_they_are_edited(people, help_page, chat):
    plain = VariantFactory(channel=help_page)
    entry = plain.entry
    publish_texts(
        plain,
        people,
        {"title": {"en": "Reset", "ja": "再設定"}, "body": {"en": "Do A.", "ja": "Aをします。"}},
    )
    chatty = VariantFactory(entry=entry, channel=chat)
    publish_texts(
        chatty,
        people,
        {"title": {"en": "Reset", "fi": "Vaihda"}, "body": {"en": "I do A.", "fi": "Teen A."}},
    )
    assert states(entry)["help-page"]["ja"] == UP_TO_DATE
    assert states(entry)["chat"]["fi"] == UP_TO_DATE
    assert states(entry)["chat"]["ja"] == MISSING

    publish_texts(plain, people, {"body": {"en": "Do B."}})  # the source changes
    cells = states(entry)
    assert cells["help-page"]["en"] == UP_TO_DATE
    assert cells["help-page"]["ja"] == OUTDATED
    assert (cells["chat"]["en"], cells["chat"]["fi"]) == (OUTDATED, OUTDATED)

    publish_texts(chatty, people, {"body": {"fi": "Teen B."}})  # one translation catches up
    cells = states(entry)
    assert (cells["chat"]["fi"], cells["chat"]["en"]) == (UP_TO_DATE, OUTDATED)
    assert plain.versions.get(number=1).status == VersionStatus.SUPERSEDED


def test_matrix_costs_the_same_queries_for_more_entries(
    people, help_page, django_assert_num_queries
):
    for _ in range(5):
        VariantFactory(channel=help_page)
    with django_assert_num_queries(2):
        rows = outdated_matrix(Entry.objects.all())
    assert len(rows) == 5


def test_admin_language_matrix_filters_outdated_entries(client_for, people, help_page, chat):
    from django.urls import reverse

    plain = VariantFactory(channel=help_page)
    publish_texts(
        plain, people, {"title": {"en": "A", "ja": "エー"}, "body": {"en": "a", "ja": "あ"}}
    )
    other = VariantFactory(channel=help_page)
    publish_texts(other, people, {"title": {"en": "B"}, "body": {"en": "b"}})
    publish_texts(plain, people, {"body": {"en": "a2"}})

    url = reverse("admin:knowledge_entry_language_matrix")
    client = client_for(people["reviewer"])
    everything = client.get(url)
    assert everything.status_code == 200
    assert [r["entry"] for r in everything.context["rows"]] == [plain.entry, other.entry]

    outdated = client.get(url, {"state": "outdated", "channel": "help-page"})
    assert [r["entry"] for r in outdated.context["rows"]] == [plain.entry]
    assert "outdated" in outdated.content.decode()

    chat_only = client.get(url, {"channel": "chat"})  # no chat variants: served inherited
    assert {cell["state"] for cell in chat_only.context["rows"][0]["line"]} == {"inherited"}
    # Each cell opens its text: the live version on that language's tab.
    first = outdated.context["rows"][0]["line"]
    live = plain.versions.get(status="published")
    assert first[0]["url"] == f"/admin/knowledge/version/{live.pk}/change/#lang=en"
    assert f'href="/admin/knowledge/version/{live.pk}/change/#lang=ja"' in outdated.content.decode()

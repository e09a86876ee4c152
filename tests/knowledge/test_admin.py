import pytest
from django.urls import reverse

from knowledge.models import Version
from knowledge.workflow import VersionStatus
from tests.factories import EntryFactory, UserFactory, VariantFactory, VersionFactory

pytestmark = pytest.mark.django_db

GROUP_PAGES = {
    # group: {model admin: may the group view it?}
    "Editors": {"knowledge/entry": True, "knowledge/version": True, "channels/channel": True},
    "Reviewers": {"knowledge/entry": True, "knowledge/version": True, "channels/channel": True},
    "Publishers": {"knowledge/entry": True, "knowledge/version": True, "channels/channel": True},
    "Channel managers": {
        "knowledge/entry": True,
        "knowledge/version": True,
        "channels/channel": True,
    },
}


@pytest.fixture
def content(help_page):
    version = VersionFactory(variant=VariantFactory(channel=help_page))
    return {
        "knowledge/entry": version.variant.entry,
        "knowledge/version": version,
        "channels/channel": help_page,
    }


@pytest.mark.parametrize("group", list(GROUP_PAGES))
@pytest.mark.parametrize("page", ["changelist", "change", "history"])
@pytest.mark.parametrize("model", ["knowledge/entry", "knowledge/version", "channels/channel"])
def test_admin_pages_render_for_each_group(client_for, content, group, page, model):
    user = UserFactory(username=f"u-{group}", groups=[group])
    app_label, model_name = model.split("/")
    name = f"admin:{app_label}_{model_name}_{page}"
    args = [] if page == "changelist" else [content[model].pk]
    response = client_for(user).get(reverse(name, args=args))
    assert response.status_code == (200 if GROUP_PAGES[group][model] else 403)


def test_staff_without_group_sees_no_content(client_for, content):
    nobody = UserFactory(username="nobody")
    response = client_for(nobody).get(reverse("admin:knowledge_entry_changelist"))
    assert response.status_code == 403


def test_reviewer_cannot_change_an_entry(client_for, content, reviewer):
    entry = content["knowledge/entry"]
    url = reverse("admin:knowledge_entry_change", args=[entry.pk])
    response = client_for(reviewer).post(url, {"key": "renamed", "topic": entry.topic_id})
    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.key != "renamed"


def test_channel_manager_can_edit_channels_but_editors_cannot(client_for, content, editor):
    manager = UserFactory(username="cm", groups=["Channel managers"])
    add = reverse("admin:channels_channel_add")
    assert client_for(manager).get(add).status_code == 200
    assert client_for(editor).get(add).status_code == 403


def version_form_data(version: Version, **changes: str) -> dict[str, str]:
    from knowledge.languages import localized_all

    data = {}
    for column in [*localized_all("title"), *localized_all("body")]:
        data[column] = getattr(version, column)
    data.update(changes)
    return data


def test_editing_ja_title_in_admin_records_one_history_row_naming_title_ja(
    client_for, content, editor
):
    version = content["knowledge/version"]
    url = reverse("admin:knowledge_version_change", args=[version.pk])
    client = client_for(editor)
    client.cookies["django_language"] = "fi"  # an editor whose admin runs in Finnish
    response = client.post(url, version_form_data(version, title_ja="配達の遅れについて"))
    assert response.status_code == 302, response.content

    assert version.history.count() == 2
    newest, previous = version.history.all()[:2]
    assert newest.diff_against(previous).changed_fields == ["title_ja"]
    assert newest.history_user == editor

    history = client.get(reverse("admin:knowledge_version_history", args=[version.pk]))
    assert "配達の遅れについて" in history.content.decode()


def test_submitted_version_is_read_only_in_admin(client_for, editor, help_page):
    version = VersionFactory(
        variant=VariantFactory(channel=help_page), status=VersionStatus.PUBLISHED
    )
    url = reverse("admin:knowledge_version_change", args=[version.pk])
    client = client_for(editor)
    assert "Save" not in client.get(url).content.decode()
    response = client.post(url, version_form_data(version, title_en="Sneaky edit"))
    # Refused, saying why, with the typed text shown so nothing is lost.
    assert response.status_code == 409
    assert "Nothing was saved" in response.content.decode()
    assert "Sneaky edit" in response.content.decode()
    version.refresh_from_db()
    assert version.title_en != "Sneaky edit"


def test_version_change_form_has_a_field_per_language(client_for, content, editor):
    version = content["knowledge/version"]
    page = client_for(editor).get(reverse("admin:knowledge_version_change", args=[version.pk]))
    html = page.content.decode()
    for column in ["title_en", "title_ja", "title_fi", "title_zh_hant", "body_zh_hant"]:
        assert f'name="{column}"' in html
    assert "parley/admin/language_tabs.js" in html


def test_search_finds_entry_by_title_in_any_language(client_for, help_page, editor):
    version = VersionFactory(variant=VariantFactory(channel=help_page), title_fi="Salasana")
    VersionFactory(variant=VariantFactory(channel=help_page))
    url = reverse("admin:knowledge_entry_changelist")
    response = client_for(editor).get(url, {"q": "salasana"})
    assert list(response.context["cl"].result_list) == [version.variant.entry]
    by_key = client_for(editor).get(url, {"q": version.variant.entry.key})
    assert list(by_key.context["cl"].result_list) == [version.variant.entry]


def test_missing_language_filter_lists_entries_lacking_that_language(client_for, help_page, editor):
    complete = VersionFactory(
        variant=VariantFactory(channel=help_page), title_fi="Otsikko", body_fi="Teksti"
    )
    lacking = VersionFactory(variant=VariantFactory(channel=help_page), title_fi="Otsikko")
    url = reverse("admin:knowledge_entry_changelist")
    response = client_for(editor).get(url, {"missing_language": "fi"})
    shown = list(response.context["cl"].result_list)
    assert lacking.variant.entry in shown
    assert complete.variant.entry not in shown


def test_version_status_filter(client_for, help_page, editor):
    in_review = VersionFactory(
        variant=VariantFactory(channel=help_page), status=VersionStatus.IN_REVIEW
    )
    VersionFactory(variant=VariantFactory(channel=help_page))
    url = reverse("admin:knowledge_entry_changelist")
    response = client_for(editor).get(url, {"version_status": "in_review"})
    assert list(response.context["cl"].result_list) == [in_review.variant.entry]


def make_entries(count: int, channel) -> None:
    for _ in range(count):
        VersionFactory(variant=VariantFactory(channel=channel, entry=EntryFactory()))


def test_entries_changelist_query_count_does_not_grow_with_rows(
    client_for, help_page, editor, django_assert_num_queries
):
    client = client_for(editor)
    url = reverse("admin:knowledge_entry_changelist")
    make_entries(8, help_page)
    client.get(url)  # warm the session and content-type caches

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    make_entries(120, help_page)  # more than one page (100 rows)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["cl"].result_list) == 100


def test_entries_changelist_shows_source_title_and_missing_languages(client_for, help_page, editor):
    VersionFactory(variant=VariantFactory(channel=help_page), title_en="Reset your password")
    html = client_for(editor).get(reverse("admin:knowledge_entry_changelist")).content.decode()
    assert "Reset your password" in html
    assert 'class="missing" title="Finnish"' in html

import pytest
from django.utils import translation

from knowledge.models import Version
from knowledge.workflow import VersionStatus
from tests.factories import EntryFactory, TagFactory, VersionFactory

pytestmark = pytest.mark.django_db


def changed_fields(obj) -> list[str]:
    newest, previous = obj.history.all()[:2]
    return sorted(newest.diff_against(previous).changed_fields)


@pytest.mark.parametrize("active_language", ["en", "fi", "ja"])
def test_editing_ja_title_records_one_row_naming_only_title_ja(active_language):
    version = VersionFactory()
    with translation.override(active_language):
        version = Version.objects.get(pk=version.pk)
        version.title_ja = "新しいタイトル"
        version.save()
    assert version.history.count() == 2
    assert changed_fields(version) == ["title_ja"]


def test_history_keeps_every_language_column():
    version = VersionFactory(title_fi="Otsikko")
    record = version.history.first()
    assert record.title_fi == "Otsikko"
    assert record.title_ja == version.title_ja
    assert not hasattr(record, "title")  # the bare field mirrors a language; not kept


def test_status_change_does_not_log_text_changes():
    version = VersionFactory(title_fi=None)
    with translation.override("fi"):
        version.status = VersionStatus.IN_REVIEW
        version.save()
    assert changed_fields(version) == ["status"]


def test_entry_tag_changes_are_in_history():
    entry = EntryFactory()
    entry.tags.add(TagFactory(slug="refund"))
    entry.save()
    assert [tag.tag.slug for tag in entry.history.first().tags.all()] == ["refund"]


def test_history_records_the_acting_user(editor):
    version = VersionFactory()
    version._history_user = editor
    version.title_en = "Changed"
    version.save()
    assert version.history.first().history_user == editor

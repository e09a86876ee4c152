import pytest
from django.db import IntegrityError, transaction

from knowledge.models import Version
from knowledge.workflow import VersionStatus
from tests.factories import EntryFactory, VariantFactory, VersionFactory

pytestmark = pytest.mark.django_db


def test_entry_key_is_unique():
    EntryFactory(key="reset-password")
    with pytest.raises(IntegrityError):
        EntryFactory(key="reset-password")


def test_entry_has_one_variant_per_channel(help_page):
    variant = VariantFactory(channel=help_page)
    with pytest.raises(IntegrityError):
        VariantFactory(entry=variant.entry, channel=help_page)


def test_version_numbers_are_unique_within_a_variant():
    version = VersionFactory(number=1, status=VersionStatus.PUBLISHED)
    with pytest.raises(IntegrityError):
        VersionFactory(variant=version.variant, number=1, status=VersionStatus.SUPERSEDED)


@pytest.mark.parametrize(
    "second", [VersionStatus.DRAFT, VersionStatus.IN_REVIEW, VersionStatus.SCHEDULED]
)
def test_variant_has_at_most_one_open_version(second):
    draft = VersionFactory(number=1, status=VersionStatus.CHANGES_REQUESTED)
    with pytest.raises(IntegrityError):
        VersionFactory(variant=draft.variant, number=2, status=second)


def test_finished_versions_do_not_block_a_new_draft():
    first = VersionFactory(number=1, status=VersionStatus.SUPERSEDED)
    VersionFactory(variant=first.variant, number=2, status=VersionStatus.UNPUBLISHED)
    VersionFactory(variant=first.variant, number=3, status=VersionStatus.PUBLISHED)
    VersionFactory(variant=first.variant, number=4, status=VersionStatus.DRAFT)
    assert first.variant.versions.count() == 4


def test_variant_has_at_most_one_published_version():
    live = VersionFactory(number=1, status=VersionStatus.PUBLISHED)
    with pytest.raises(IntegrityError), transaction.atomic():
        VersionFactory(variant=live.variant, number=2, status=VersionStatus.PUBLISHED)


def test_missing_translation_is_stored_as_empty_string_not_null():
    version = VersionFactory(title_fi=None, body_fi=None)
    row = Version.objects.values("title_fi", "body_fi", "title_zh_hant").get(pk=version.pk)
    assert row == {"title_fi": "", "body_fi": "", "title_zh_hant": ""}


def test_only_draft_and_changes_requested_are_editable():
    editable = {status for status in VersionStatus if Version(status=status).is_editable}
    assert editable == {VersionStatus.DRAFT, VersionStatus.CHANGES_REQUESTED}


def test_entry_questions_are_split_per_line():
    entry = EntryFactory(questions_ja="荷物が届かない\n\n  注文はどこ？  \n")
    assert entry.question_list("ja") == ["荷物が届かない", "注文はどこ？"]
    assert entry.question_list("fi") == []

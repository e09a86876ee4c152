import pytest

from knowledge.workflow import VersionStatus
from tests.factories import EntryFactory, VariantFactory, complete_version


@pytest.fixture
def live_entry(help_page, chat):
    """An entry whose help-page and chat variants each have a published version 1."""
    entry = EntryFactory(key="refund-time")
    for channel in (help_page, chat):
        variant = VariantFactory(entry=entry, channel=channel)
        complete_version(variant=variant, number=1, status=VersionStatus.PUBLISHED)
    return entry

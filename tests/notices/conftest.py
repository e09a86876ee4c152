import pytest

from knowledge import services
from knowledge.workflow import VersionStatus
from tests.factories import EntryFactory, VariantFactory, complete_version


@pytest.fixture
def live_entry(help_page, chat):
    """`order-delayed`, with a published version 1 on the help page and in chat."""
    entry = EntryFactory(key="order-delayed")
    for channel in (help_page, chat):
        variant = VariantFactory(entry=entry, channel=channel)
        complete_version(variant=variant, number=1, status=VersionStatus.PUBLISHED)
    return entry


def submit_change(entry, channel, author, **texts):
    """A new draft of `entry` in `channel` with `texts`, submitted by `author`."""
    draft = services.variant_open_draft(entry=entry, channel=channel, actor=author, texts=texts)
    return services.version_submit(version=draft, actor=author)

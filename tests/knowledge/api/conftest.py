import pytest
from rest_framework.test import APIClient

from knowledge.services import user_token_create
from knowledge.workflow import VersionStatus
from tests.factories import EntryFactory, VariantFactory, complete_version


@pytest.fixture
def api_for():
    """An API client that authenticates as `user` with a real personal token."""

    def make(user) -> APIClient:
        _token, raw = user_token_create(user=user, name="tests")
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
        return client

    return make


@pytest.fixture
def live_entry(help_page, chat):
    """An entry whose help-page and chat variants each have a published version 1."""
    entry = EntryFactory(key="refund-time")
    for channel in (help_page, chat):
        variant = VariantFactory(entry=entry, channel=channel)
        complete_version(variant=variant, number=1, status=VersionStatus.PUBLISHED)
    return entry

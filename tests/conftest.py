import pytest
from django.test import Client

from tests.factories import ChannelFactory, UserFactory

GROUPS = ["Editors", "Reviewers", "Publishers", "Channel managers"]


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # Admin pages need no collected static files in tests.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Real hashing costs ~0.3 s a user; tests log in with force_login anyway.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def help_page(db):
    return ChannelFactory(slug="help-page", name="Help page", tone="plain", is_primary=True)


@pytest.fixture
def chat(db):
    return ChannelFactory(
        slug="chat", name="Chat", tone="empathetic", format="text", max_length=700
    )


@pytest.fixture
def editor(db):
    return UserFactory(username="ed", groups=["Editors"])


@pytest.fixture
def reviewer(db):
    return UserFactory(username="rev", groups=["Reviewers"])


@pytest.fixture
def people(db):
    """One user per role, plus a second editor."""
    return {
        "editor": UserFactory(username="editor", groups=["Editors"]),
        "other_editor": UserFactory(username="editor2", groups=["Editors"]),
        "reviewer": UserFactory(username="reviewer", groups=["Reviewers"]),
        "publisher": UserFactory(username="publisher", groups=["Publishers"]),
    }


@pytest.fixture
def client_for():
    """A test client logged in as the given user."""

    def make(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make

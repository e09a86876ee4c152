import os

import pytest
from django.conf import settings
from django.test import Client
from rest_framework.test import APIClient

from knowledge.services import user_token_create
from tests.factories import ChannelFactory, UserFactory

GROUPS = ["Editors", "Reviewers", "Publishers", "Channel managers"]

# What each real service the integration tests use needs to be set to.
SERVICES = {
    "postgres": "DATABASE_URL=postgres://postgres@127.0.0.1:5432/parley",
    "redis": "REDIS_URL=redis://127.0.0.1:6379/15",
    "browser": "Chromium at PARLEY_CHROMIUM=/usr/bin/chromium (apt-get install -y chromium)",
}


@pytest.fixture(autouse=True, scope="session")
def api_responses_conform_to_the_schema(django_test_environment):
    """Every API response in every test is checked against the OpenAPI schema
    (tests/conformance.py): a status, error code or header it does not list fails."""
    from django.test import override_settings

    from tests.conformance import api_schema

    api_schema()  # read once, before any test patches a view
    with override_settings(
        MIDDLEWARE=["tests.conformance.SchemaConformance", *settings.MIDDLEWARE]
    ):
        yield


@pytest.fixture
def connection_kept():
    """For calls straight into the WSGI app (schemathesis, generated clients): as
    Django's test client does, the database connection is not closed after each
    request, since it holds the test's transaction (PostgreSQL would lose it)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def loopback_webhooks(settings):
    """Webhooks may go to the tests' receivers on 127.0.0.1 over http (the allow-list)."""
    settings.PARLEY_WEBHOOK_ALLOW_HTTP = True
    settings.PARLEY_WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1"]
    return settings


def chromium_path() -> str:
    return os.environ.get("PARLEY_CHROMIUM", "/usr/bin/chromium")


def _service_configured(name: str) -> bool:
    if name == "postgres":
        return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    if name == "redis":
        return bool(settings.REDIS_URL)
    if name == "browser":
        return os.access(chromium_path(), os.X_OK)
    raise ValueError(f"Unknown service {name!r}")


# Integration tests left out of this run, with the variables they need.
_LEFT_OUT: dict[str, list[str]] = {}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Integration tests run only where the real services they name are configured.

    Without them, `make test` leaves those tests out of the run (they are not
    collected, not skipped) and its summary lists each with the variable it
    needs. With `PARLEY_REQUIRE_INTEGRATION=1` (as `.ci/run` sets) a missing
    service fails the run instead, so CI always runs every test.
    """
    required = os.environ.get("PARLEY_REQUIRE_INTEGRATION") == "1"
    kept: list[pytest.Item] = []
    left_out: list[pytest.Item] = []
    for item in items:
        marker = item.get_closest_marker("integration")
        needs = marker.kwargs.get("services", ("postgres",)) if marker else ()
        missing = [name for name in needs if not _service_configured(name)]
        if missing:
            left_out.append(item)
            _LEFT_OUT[item.nodeid] = [SERVICES[name] for name in missing]
        else:
            kept.append(item)
    if required and left_out:
        variables = sorted({v for needed in _LEFT_OUT.values() for v in needed})
        raise pytest.UsageError(
            "PARLEY_REQUIRE_INTEGRATION=1 but these services are not configured: "
            + ", ".join(variables)
        )
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = kept


def pytest_terminal_summary(
    terminalreporter: object, exitstatus: int, config: pytest.Config
) -> None:
    if not _LEFT_OUT:
        return
    write = terminalreporter.write_line  # type: ignore[attr-defined]
    write(f"{len(_LEFT_OUT)} integration test(s) not run; they need real services:")
    for nodeid, variables in sorted(_LEFT_OUT.items()):
        write(f"  {nodeid}  needs {' and '.join(variables)}")
    write("  .ci/run sets these and requires every integration test to run.")


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # Admin pages need no collected static files in tests.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _tasks_in_process(request, settings):
    """Celery tasks run eagerly in tests, also where REDIS_URL configures a broker.

    Only tests marked `real_worker` send tasks to Redis for a real worker.
    """
    from config.celery import app

    eager = request.node.get_closest_marker("real_worker") is None
    before = app.conf.task_always_eager
    settings.CELERY_TASK_ALWAYS_EAGER = eager
    app.conf.task_always_eager = eager
    yield
    app.conf.task_always_eager = before


@pytest.fixture(autouse=True)
def _fresh_search_index(tmp_path_factory, settings):
    # The search index lives on disk and outlives each test's database
    # rollback: every test gets its own directory and a fresh reader.
    from channels.search.backends import get_backend

    settings.PARLEY_SEARCH_INDEX_DIR = tmp_path_factory.mktemp("search-index")
    # Embedding every published text would slow every test; the re-ranking
    # tests turn it on.
    settings.PARLEY_SEARCH_RERANK = False
    get_backend.cache_clear()
    yield
    get_backend.cache_clear()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Every test starts with an empty cache. With REDIS_URL the cache outlives a
    test, and a delivery generation cached by an earlier one would name its
    channels (other ids) in this one."""
    from django.core.cache import cache

    cache.clear()


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


@pytest.fixture
def api_for():
    """An API client that authenticates as `user` with a real personal token."""

    def make(user) -> APIClient:
        _token, raw = user_token_create(user=user, name="tests")
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
        return client

    return make

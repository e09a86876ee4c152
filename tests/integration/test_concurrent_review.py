"""Two reviewers approving one version at the same moment (PostgreSQL, real row locks)."""

import threading

import pytest
from django.db import close_old_connections, connection, transaction

from config.errors import WorkflowError
from knowledge import services
from knowledge.models import Transition, Version
from knowledge.workflow import VersionStatus
from tests.factories import UserFactory, VariantFactory, complete_version

pytestmark = [
    pytest.mark.integration(services=["postgres"]),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def in_thread(target, results: dict, name: str) -> threading.Thread:
    def run() -> None:
        try:
            target()
            results[name] = "ok"
        except WorkflowError as error:
            results[name] = error.code
        finally:
            close_old_connections()
            connection.close()

    thread = threading.Thread(target=run, name=name)
    thread.start()
    return thread


def test_concurrent_approvals_of_one_version_make_one_transition(chat):
    editor = UserFactory(username="writer", groups=["Editors"])
    first, second = (UserFactory(username=n, groups=["Reviewers"]) for n in ("anna", "ben"))
    version = complete_version(variant=VariantFactory(channel=chat), number=1, author=editor)
    services.version_submit(version=version, actor=editor)

    results: dict[str, str] = {}
    first_inside, release_first = threading.Event(), threading.Event()

    def approve_and_hold() -> None:
        # The first approval holds its transaction open until the second has started.
        with transaction.atomic():
            services.version_approve(version=version, actor=first)
            first_inside.set()
            assert release_first.wait(10)

    holder = in_thread(approve_and_hold, results, "anna")
    assert first_inside.wait(10)
    racer = in_thread(
        lambda: services.version_approve(version=version, actor=second), results, "ben"
    )
    racer.join(0.5)
    # The row lock keeps the second approval waiting while the first is uncommitted.
    assert racer.is_alive()
    release_first.set()
    holder.join(10)
    racer.join(10)

    assert results == {"anna": "ok", "ben": "invalid_transition"}
    assert Transition.objects.filter(version=version, action="approve").count() == 1
    version.refresh_from_db()
    assert version.status == VersionStatus.APPROVED
    assert Version.history.filter(id=version.pk, status=VersionStatus.APPROVED).count() == 1

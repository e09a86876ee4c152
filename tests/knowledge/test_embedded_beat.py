"""`make run` has no broker: beat's schedule runs in the server process instead."""

from datetime import timedelta

import pytest
from django.utils import timezone

from config.celery import EmbeddedBeat
from knowledge.workflow import VersionStatus
from tests.factories import VariantFactory, complete_version

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SCHEDULE = {
    "publish": {"task": "knowledge.tasks.publish_due_versions", "schedule": 60.0},
    "escalate": {"task": "knowledge.tasks.escalate_overdue_reviews", "schedule": 900.0},
}


def test_a_scheduled_version_goes_live_when_the_embedded_beat_runs_its_job(help_page):
    version = complete_version(
        variant=VariantFactory(channel=help_page),
        number=1,
        status=VersionStatus.SCHEDULED,
        publish_at=timezone.now() - timedelta(minutes=1),
    )
    beat = EmbeddedBeat(SCHEDULE, now=1000.0)
    assert beat.run_due(1030.0) == []  # each job waits one interval first
    version.refresh_from_db()
    assert version.status == VersionStatus.SCHEDULED
    assert beat.run_due(1060.0) == ["knowledge.tasks.publish_due_versions"]
    version.refresh_from_db()
    assert version.status == VersionStatus.PUBLISHED
    assert beat.run_due(1061.0) == []  # and then waits its interval again

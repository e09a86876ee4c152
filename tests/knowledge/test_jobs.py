import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from knowledge.workflow import VersionStatus
from tests.factories import EntryFactory, UserFactory, VariantFactory, VersionFactory

pytestmark = pytest.mark.django_db


def run_due_jobs() -> str:
    out = io.StringIO()
    call_command("run_due_jobs", stdout=out)
    return out.getvalue()


def test_scheduled_version_goes_live_when_its_time_has_come(help_page):
    variant = VariantFactory(channel=help_page)
    live = VersionFactory(variant=variant, number=1, status=VersionStatus.PUBLISHED)
    due = VersionFactory(
        variant=variant,
        number=2,
        status=VersionStatus.SCHEDULED,
        publish_at=timezone.now() - timedelta(minutes=1),
    )
    assert "published 1 scheduled" in run_due_jobs()
    live.refresh_from_db()
    due.refresh_from_db()
    variant.refresh_from_db()
    assert (live.status, due.status) == (VersionStatus.SUPERSEDED, VersionStatus.PUBLISHED)
    assert variant.published_version == due
    assert due.transitions.get(action="publish").actor is None


def test_scheduled_version_waits_until_its_time(help_page):
    future = VersionFactory(
        variant=VariantFactory(channel=help_page),
        status=VersionStatus.SCHEDULED,
        publish_at=timezone.now() + timedelta(hours=1),
    )
    assert "published 0 scheduled" in run_due_jobs()
    future.refresh_from_db()
    assert future.status == VersionStatus.SCHEDULED


def test_overdue_review_is_escalated_once_by_mail_to_publishers(
    help_page, settings, django_capture_on_commit_callbacks
):
    # The e-mail is a notice (notices app), sent after the escalation commits.
    settings.PARLEY_REVIEW_SLA_HOURS = 24
    UserFactory(username="pub", email="pub@example.test", groups=["Publishers"])
    overdue = VersionFactory(
        variant=VariantFactory(channel=help_page),
        status=VersionStatus.IN_REVIEW,
        submitted_at=timezone.now() - timedelta(hours=25),
    )
    VersionFactory(
        variant=VariantFactory(channel=help_page),
        status=VersionStatus.IN_REVIEW,
        submitted_at=timezone.now() - timedelta(hours=23),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert "escalated 1 overdue" in run_due_jobs()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["pub@example.test"]
    assert overdue.variant.entry.key in mail.outbox[0].body
    overdue.refresh_from_db()
    assert overdue.escalated_at is not None
    assert overdue.transitions.get().action == "escalate"

    with django_capture_on_commit_callbacks(execute=True):
        assert "escalated 0 overdue" in run_due_jobs()  # no second e-mail
    assert len(mail.outbox) == 1


def test_owners_are_reminded_of_entries_past_their_review_date(db):
    owner = UserFactory(username="owner", email="owner@example.test")
    due = EntryFactory(owner=owner, review_by=timezone.localdate() - timedelta(days=1))
    EntryFactory(owner=owner, review_by=timezone.localdate() + timedelta(days=10))
    assert "reminded 1 owner" in run_due_jobs()
    assert mail.outbox[0].to == ["owner@example.test"]
    assert due.key in mail.outbox[0].body


def test_beat_schedule_runs_every_job(settings):
    from config.celery import app

    app.loader.import_default_modules()
    scheduled = {job["task"] for job in settings.CELERY_BEAT_SCHEDULE.values()}
    assert scheduled == {
        "knowledge.tasks.publish_due_versions",
        "knowledge.tasks.escalate_overdue_reviews",
        "knowledge.tasks.remind_content_verification",
        "channels.tasks.retry_due_webhooks",
        "channels.tasks.apply_search_changes",
        "channels.tasks.render_answers",
        "channels.tasks.flush_search_log",
        "channels.tasks.flush_served_counts",
        "channels.tasks.apply_revision_thresholds",
    }
    assert scheduled <= set(app.tasks)

"""Notices by e-mail: after commit, once, only to people who want it and can get it."""

import socket

import pytest
from django.core import mail
from django.db import transaction

from knowledge import services
from notices.mail import send_notice_emails
from notices.models import Notice
from notices.services import notice_settings_set
from tests.factories import UserFactory
from tests.notices.conftest import submit_change

pytestmark = pytest.mark.django_db

NEW_JA = {"body": {"ja": "新しい本文です。"}}


def test_a_notice_is_emailed_after_commit_with_a_link_to_the_version(
    people, live_entry, chat, settings, django_capture_on_commit_callbacks
):
    settings.PARLEY_SITE_URL = "https://answers.example.com"
    with django_capture_on_commit_callbacks() as callbacks:
        version = submit_change(live_entry, chat, people["editor"], **NEW_JA)
        assert Notice.objects.filter(version=version).count() == 1
    assert mail.outbox == []  # nothing is sent inside the step's transaction
    for callback in callbacks:
        callback()
    [message] = mail.outbox
    assert message.to == [people["reviewer"].email]
    assert message.subject == "[Parley] Waiting for your review: order-delayed (chat) v2"
    assert f"https://answers.example.com/admin/knowledge/version/{version.pk}/change/" in (
        message.body
    )
    assert "https://answers.example.com/admin/notices/noticesettings/" in message.body
    assert Notice.objects.get(version=version).emailed_at is not None


def test_who_turned_email_off_gets_the_notice_but_no_mail(
    people, live_entry, chat, django_capture_on_commit_callbacks
):
    second = UserFactory(username="second-reviewer", groups=["Reviewers"])
    notice_settings_set(user=people["reviewer"], email=False)
    with django_capture_on_commit_callbacks(execute=True):
        version = submit_change(live_entry, chat, people["editor"], **NEW_JA)
    assert Notice.objects.filter(version=version, recipient=people["reviewer"]).exists()
    assert [message.to for message in mail.outbox] == [[second.email]]


def test_who_has_no_address_gets_no_mail(
    people, live_entry, chat, django_capture_on_commit_callbacks
):
    people["reviewer"].email = ""
    people["reviewer"].save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        submit_change(live_entry, chat, people["editor"], **NEW_JA)
    assert Notice.objects.filter(recipient=people["reviewer"]).count() == 1
    assert mail.outbox == []


def test_a_step_that_rolls_back_tells_nobody(
    people, live_entry, chat, django_capture_on_commit_callbacks
):
    draft = services.variant_open_draft(
        entry=live_entry, channel=chat, actor=people["editor"], texts=NEW_JA
    )
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            services.version_submit(version=draft, actor=people["editor"])
            assert Notice.objects.exists()  # written with the step...
            raise RuntimeError("the request failed after the step")
    assert not Notice.objects.exists()  # ...and gone with it
    assert mail.outbox == []


def test_a_notice_is_emailed_once_and_not_once_read(
    people, live_entry, chat, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submit_change(live_entry, chat, people["editor"], **NEW_JA)
    notice = Notice.objects.get()
    assert send_notice_emails([notice.pk]) == []  # a second run (a retried task) sends nothing
    assert len(mail.outbox) == 1


def test_a_notice_read_before_its_mail_goes_out_is_not_emailed(
    people, live_entry, chat, django_capture_on_commit_callbacks
):
    # A reviewer who decides at once withdraws the other reviewers' notices before
    # the e-mails go out after commit.
    second = UserFactory(username="second-reviewer", groups=["Reviewers"])
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        version = submit_change(live_entry, chat, people["editor"], **NEW_JA)
        services.version_approve(version=version, actor=second)
    assert [message.to for message in mail.outbox] == [[people["editor"].email]]
    assert mail.outbox[0].subject == "[Parley] Approved: order-delayed (chat) v2"


def unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_mail_server_that_is_down_fails_no_step(
    people, live_entry, chat, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", unused_port(), 2
    UserFactory(username="second-reviewer", groups=["Reviewers"])
    with django_capture_on_commit_callbacks(execute=True):
        version = submit_change(live_entry, chat, people["editor"], **NEW_JA)
    version.refresh_from_db()
    assert version.status == "in_review"
    # In the admin for both reviewers, e-mailed to neither.
    assert list(Notice.objects.values_list("read_at", "emailed_at")) == [(None, None)] * 2

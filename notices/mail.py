"""Notices by e-mail, sent after the step's commit, never inside its transaction.

With a broker a worker sends them (`notices.tasks.send_notice_emails`); with
in-process tasks (the embedded default) they are sent right after commit.
"""

import logging
from typing import Any

from celery import current_app
from django.conf import settings
from django.core.mail import get_connection, send_mail
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from notices.models import Notice, NoticeSettings

logger = logging.getLogger(__name__)

# By name: tasks are an interface on top of this module, not below it.
SEND_TASK = "notices.tasks.send_notice_emails"
SUBJECT_PREFIX = "[Parley] "


def send_soon(notice_ids: list[int]) -> None:
    """Hand the notices' e-mails to a worker, or send them now when tasks run in-process.

    With the broker down the notices are still in the admin; only the e-mail is lost.
    """
    if settings.CELERY_TASK_ALWAYS_EAGER:
        send_notice_emails(notice_ids)
        return
    try:
        current_app.send_task(SEND_TASK, args=[notice_ids])
    except OperationalError:
        logger.warning("Broker unreachable; notices %s are not e-mailed.", notice_ids)


def send_notice_emails(notice_ids: list[int]) -> list[int]:
    """E-mail each notice once, to people who want e-mail and have an address.

    Skipped: notices already e-mailed, read or withdrawn meanwhile (nothing left to
    tell), and people who turned e-mail off (checked now, not when the notice was
    written). Safe to run twice. Returns the ids e-mailed.
    """
    notices = (
        Notice.objects.filter(pk__in=notice_ids, emailed_at__isnull=True, read_at__isnull=True)
        .select_related("recipient")
        .order_by("pk")
    )
    notices = [n for n in notices if n.recipient.is_active and n.recipient.email]
    opted_out = set(
        NoticeSettings.objects.filter(
            user_id__in={n.recipient_id for n in notices}, email=False
        ).values_list("user_id", flat=True)
    )
    sent: list[int] = []
    # One connection for all; it opens at the first message, inside the error handling.
    connection = get_connection()
    try:
        for notice in notices:
            if notice.recipient_id not in opted_out and _send(notice, connection):
                sent.append(notice.pk)
    except OSError as error:  # SMTP errors too: the server is unusable, try no more now
        logger.warning("Notices not e-mailed (%s); they are in the admin.", error)
    finally:
        connection.close()
    return sent


def _send(notice: Notice, connection: Any) -> bool:
    # Claim it first, so two workers never send the same notice twice.
    claimed = Notice.objects.filter(pk=notice.pk, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    )
    if not claimed:
        return False
    try:
        send_mail(
            subject=SUBJECT_PREFIX + notice.title,
            message=email_body(notice),
            from_email=None,
            recipient_list=[notice.recipient.email],
            connection=connection,
        )
    except OSError:
        Notice.objects.filter(pk=notice.pk).update(emailed_at=None)
        raise
    return True


def email_body(notice: Notice) -> str:
    """The notice's text, a link to the version and one to turn these e-mails off."""
    lines = [notice.text]
    if notice.url:
        lines.append(f"Open it in Parley: {absolute(notice.url)}")
    try:
        choice = absolute(reverse("admin:notices_noticesettings_changelist"))
    except NoReverseMatch:
        choice = ""
    if choice:
        lines.append(f"You get these e-mails because you use Parley; turn them off: {choice}")
    return "\n\n".join(lines) + "\n"


def absolute(path: str) -> str:
    """`path` on the site's address (`PARLEY_SITE_URL`): e-mails have no request to go by."""
    return f"{settings.PARLEY_SITE_URL.rstrip('/')}{path}"

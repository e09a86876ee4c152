"""Celery tasks of the notices app: they take ids and call plain functions."""

from celery import shared_task

from notices import mail


@shared_task(ignore_result=True)
def send_notice_emails(notice_ids: list[int]) -> None:
    """E-mail the notices a committed workflow step wrote."""
    mail.send_notice_emails(notice_ids)

"""Reads of notices: always one person's own."""

from typing import Any

from django.db.models import QuerySet

from notices.models import Notice, NoticeSettings


def notices_of(user: Any) -> QuerySet[Notice]:
    """Every notice of `user`, newest first; nobody reads another person's notices."""
    return Notice.objects.filter(recipient_id=user.pk).select_related("actor")


def unread_notices(user: Any) -> QuerySet[Notice]:
    """The notices `user` has not read yet, newest first."""
    return notices_of(user).filter(read_at__isnull=True)


def wants_email(user: Any) -> bool:
    """Whether `user` gets notices by e-mail too (on unless they turned it off)."""
    return not NoticeSettings.objects.filter(user_id=user.pk, email=False).exists()

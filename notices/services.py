"""The only writers of notices: created from workflow steps, marked read, e-mail choice.

Who is told what:
- submitted: every reviewer who finds the version in their queue (their
  declared languages cover its changed languages; not its author or editors);
- changes requested, approved, scheduled, published: the version's author;
- escalated (the review is overdue): everyone who may publish, and the author.
Nobody is told of their own step. When a version changes status, the unread
notices about its earlier state are withdrawn: a "waiting for your review" is
moot once another reviewer decided (what was read stays, as the person's record).
"""

from collections.abc import Iterable
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from config.transactions import write_transaction
from knowledge.engine import Reviewed
from knowledge.selectors import PERMISSION_BACKEND, version_reviewers
from knowledge.workflow import Action
from notices import mail
from notices.models import Notice, NoticeEvent, NoticeSettings

EVENTS = {
    Action.SUBMIT: NoticeEvent.SUBMITTED,
    Action.REQUEST_CHANGES: NoticeEvent.CHANGES_REQUESTED,
    Action.APPROVE: NoticeEvent.APPROVED,
    Action.SCHEDULE: NoticeEvent.SCHEDULED,
    Action.PUBLISH: NoticeEvent.PUBLISHED,
    Action.ESCALATE: NoticeEvent.ESCALATED,
}


def notices_for_step(
    *,
    kind: Reviewed,
    version: Any,
    action: str,
    actor: Any,
    comment: str = "",
    from_status: str = "",
) -> list[Notice]:
    """Tell the people one workflow step concerns (inside the step's transaction).

    Their e-mails are sent after commit, so a step that rolls back tells nobody.
    """
    about = _about(version)
    if from_status and from_status != version.status:
        Notice.objects.filter(**about, read_at__isnull=True).delete()
    event = EVENTS.get(action)
    if event is None:
        return []
    people = [
        person
        for person in _recipients(kind, version, event)
        if person.is_active and (actor is None or person.pk != actor.pk)
    ]
    if not people:
        return []
    title, text = describe(event, version, actor=actor, comment=comment)
    url = admin_url(version)
    notices = Notice.objects.bulk_create(
        Notice(recipient=person, event=event, title=title, text=text, actor=actor, url=url, **about)
        for person in people
    )
    transaction.on_commit(partial(mail.send_soon, [notice.pk for notice in notices]))
    return notices


def _is_snippet(version: Any) -> bool:
    return version._meta.label_lower == "templates_app.snippetversion"


def _about(version: Any) -> dict[str, Any]:
    return {"snippet_version" if _is_snippet(version) else "version": version}


def _recipients(kind: Reviewed, version: Any, event: str) -> list[Any]:
    if event == NoticeEvent.SUBMITTED:
        return version_reviewers(version, permission=kind.permissions[Action.APPROVE])
    people = []
    if event == NoticeEvent.ESCALATED:
        people = list(
            get_user_model()
            .objects.with_perm(
                kind.permissions[Action.PUBLISH],
                include_superusers=False,
                backend=PERMISSION_BACKEND,
            )
            .order_by("pk")
        )
    author = version.author
    if author is not None and all(person.pk != author.pk for person in people):
        people.append(author)
    return people


def version_label(version: Any) -> str:
    """How a notice names a version: "order-delayed (chat) v3", "snippet thanks v2"."""
    if _is_snippet(version):
        return f"snippet {version.snippet.key} v{version.number}"
    variant = version.variant
    return f"{variant.entry.key} ({variant.channel.slug}) v{version.number}"


def _name(actor: Any) -> str:
    if actor is None:
        return "Parley"
    return actor.get_full_name() or actor.get_username()


def describe(event: str, version: Any, *, actor: Any, comment: str = "") -> tuple[str, str]:
    """The notice's title (the e-mail's subject without the prefix) and its text."""
    label, who = version_label(version), _name(actor)
    note = f"\n\n{comment}" if comment else ""
    if event == NoticeEvent.SUBMITTED:
        changed = getattr(version, "changed_languages", None)
        languages = f" Changed languages: {', '.join(changed)}." if changed else ""
        return (
            f"Waiting for your review: {label}",
            f"{who} submitted {label} for review.{languages}{note}",
        )
    if event == NoticeEvent.CHANGES_REQUESTED:
        return f"Changes requested: {label}", f"{who} asked for changes to {label}:{note}"
    if event == NoticeEvent.APPROVED:
        return f"Approved: {label}", f"{who} approved {label}.{note}"
    if event == NoticeEvent.SCHEDULED:
        when = timezone.localtime(version.publish_at).strftime("%Y-%m-%d %H:%M %Z")
        return f"Scheduled: {label}", f"{who} scheduled {label} to go live at {when}.{note}"
    if event == NoticeEvent.PUBLISHED:
        return f"Published: {label}", f"{who} published {label}; it is live now.{note}"
    # Escalated: the system's comment says no more than this.
    submitted = getattr(version, "submitted_at", None)
    since = f" (submitted {submitted:%Y-%m-%d %H:%M} UTC)" if submitted else ""
    return (
        f"Review overdue: {label}",
        f"{label} has waited for review for more than "
        f"{settings.PARLEY_REVIEW_SLA_HOURS} hours{since}.",
    )


def admin_url(version: Any) -> str:
    """The version's admin page (of either kind), or '' without an admin."""
    meta = version._meta
    try:
        return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[version.pk])
    except NoReverseMatch:
        return ""


@write_transaction
def notices_mark_read(*, user: Any, notice_ids: Iterable[int] | None = None) -> int:
    """Mark `user`'s unread notices read (all, or those of `notice_ids`); others' stay as
    they are. Returns how many changed."""
    unread = Notice.objects.filter(recipient_id=user.pk, read_at__isnull=True)
    if notice_ids is not None:
        unread = unread.filter(pk__in=list(notice_ids))
    return unread.update(read_at=timezone.now())


@write_transaction
def notice_settings_set(*, user: Any, email: bool) -> NoticeSettings:
    """Turn `user`'s notice e-mails on or off (in-admin notices stay)."""
    choice, _created = NoticeSettings.objects.update_or_create(
        user_id=user.pk, defaults={"email": email}
    )
    return choice

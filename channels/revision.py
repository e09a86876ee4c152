"""Revision tasks: what customers do with an answer decides what editors fix next.

`apply_thresholds` (beat, `manage.py run_due_jobs`) opens a task when the live
version of an answer, on a channel and in a language, has at least
`PARLEY_REVISION_MIN_VOTES` votes and a helpful rate below
`PARLEY_REVISION_HELPFUL_BELOW` or a mean effort above
`PARLEY_REVISION_EFFORT_ABOVE`, or when a group of questions nothing answers
(`channels.gaps`) was missed `PARLEY_REVISION_GAP_COUNT` times. A task goes to
the entry's owner (else the language's reviewers), is due
`PARLEY_REVISION_SLA_DAYS` later, is reminded a day before and escalated to
Publishers once overdue. Publishing a new version of the text closes an answer's
task; a gap's task closes when search answers each of its questions.
"""

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Avg, Count, Q
from django.utils import timezone

from channels.models import Feedback, RevisionTask
from knowledge.models import Version
from knowledge.selectors import reviewer_languages, reviewers_of
from knowledge.workflow import VersionStatus

REMIND_BEFORE = timedelta(days=1)


def apply_thresholds(*, now: datetime | None = None) -> dict[str, int]:
    """Open the tasks thresholds call for, then remind and escalate: counts of each."""
    from channels import gaps

    now = now or timezone.now()
    closed = close_answered_gaps(now=now)
    opened = _open_answer_tasks(now) + _open_gap_tasks(gaps.search_gaps(), now)
    return {"opened": opened, "closed": closed, **remind_and_escalate(now=now)}


def _open_answer_tasks(now: datetime) -> int:
    """Tasks for live versions whose votes pass a threshold (one open task per kind)."""
    minimum = settings.PARLEY_REVISION_MIN_VOTES
    rows = (
        Feedback.objects.filter(version__status=VersionStatus.PUBLISHED)
        .values("entry_id", "channel_id", "language", "version_id")
        .annotate(
            n_helpful=Count("pk", filter=Q(helpful=True)),
            n_rated=Count("pk", filter=Q(helpful__isnull=False)),
            mean_effort=Avg("effort"),
            n_effort=Count("effort"),
        )
        .filter(Q(n_rated__gte=minimum) | Q(n_effort__gte=minimum))
    )
    # Tasks open already: nothing to gather for them (`_open` checks again when creating).
    already = set(
        RevisionTask.objects.filter(state="open", entry__isnull=False).values_list(
            "reason", "entry_id", "channel_id", "language"
        )
    )
    opened = 0
    for row in rows:
        rate = row["n_helpful"] / row["n_rated"] if row["n_rated"] else None
        effort = float(row["mean_effort"]) if row["mean_effort"] is not None else None
        checks = [
            (
                RevisionTask.Reason.UNHELPFUL,
                row["n_rated"] >= minimum
                and rate is not None
                and rate < settings.PARLEY_REVISION_HELPFUL_BELOW,
                {
                    "helpful_rate": round(rate or 0.0, 3),
                    "votes": row["n_rated"],
                    "threshold": settings.PARLEY_REVISION_HELPFUL_BELOW,
                },
            ),
            (
                RevisionTask.Reason.EFFORT,
                row["n_effort"] >= minimum
                and effort is not None
                and effort > settings.PARLEY_REVISION_EFFORT_ABOVE,
                {
                    "effort_mean": round(effort or 0.0, 2),
                    "votes": row["n_effort"],
                    "threshold": settings.PARLEY_REVISION_EFFORT_ABOVE,
                },
            ),
        ]
        for reason, passed, evidence in checks:
            place = (reason, row["entry_id"], row["channel_id"], row["language"])
            if passed and place not in already:
                evidence["comments"] = _recent_comments(row)
                opened += _open(
                    reason,
                    now,
                    evidence={**evidence, "version": row["version_id"]},
                    entry_id=row["entry_id"],
                    channel_id=row["channel_id"],
                    language=row["language"],
                    version_id=row["version_id"],
                )
    return opened


def _recent_comments(row: dict) -> list[str]:
    return list(
        Feedback.objects.filter(
            entry_id=row["entry_id"],
            channel_id=row["channel_id"],
            language=row["language"],
            version_id=row["version_id"],
        )
        .exclude(comment="")
        .order_by("-created_at")
        .values_list("comment", flat=True)[:5]
    )


def _open_gap_tasks(groups: list[Any], now: datetime) -> int:
    """A task per group of missed questions past the count, unless an open gap task
    already covers a group worded alike (its terms overlap as groups do)."""
    from channels.gaps import SIMILAR, jaccard

    open_gaps: dict[tuple[int, str], list[frozenset[str]]] = {}
    for channel_id, language, gap in RevisionTask.objects.filter(
        state="open", reason=RevisionTask.Reason.SEARCH_GAP
    ).values_list("channel_id", "language", "gap"):
        open_gaps.setdefault((channel_id, language), []).append(frozenset(gap.split()))
    opened = 0
    for group in groups:
        if group.misses < settings.PARLEY_REVISION_GAP_COUNT:
            continue
        covered = open_gaps.setdefault((group.channel_id, group.language), [])
        if any(jaccard(group.seed, terms) >= SIMILAR for terms in covered):
            continue
        opened += _open(
            RevisionTask.Reason.SEARCH_GAP,
            now,
            evidence={
                "misses": group.misses,
                "questions": group.questions[:5],
                "threshold": settings.PARLEY_REVISION_GAP_COUNT,
            },
            entry_id=None,
            channel_id=group.channel_id,
            language=group.language,
            gap=group.key[:200],
        )
        covered.append(group.seed)
    return opened


def close_answered_gaps(*, now: datetime | None = None) -> int:
    """Close the gap tasks whose questions are all answered now (search finds an answer
    that covers each, as a search that is not a miss); the tasks closed."""
    from channels.models import Channel
    from channels.resolution import channel_views
    from channels.search.service import ranked_answers

    now = now or timezone.now()
    tasks = list(RevisionTask.objects.filter(state="open", reason=RevisionTask.Reason.SEARCH_GAP))
    if not tasks:
        return 0
    views = {view.id: view for view in channel_views(Channel.objects.all()).values()}
    closed = 0
    for task in tasks:
        view = views.get(task.channel_id)
        questions = task.evidence.get("questions") or []
        answered = []
        for question in questions:
            found = ranked_answers(view, question, task.language, 1) if view else []
            if not found or found[0].coverage < settings.PARLEY_SEARCH_MISS_COVERAGE:
                break
            answered.append(found[0].answer["key"])
        else:
            if questions:
                RevisionTask.objects.filter(pk=task.pk, state="open").update(
                    state="closed",
                    closed_at=now,
                    closed_because=f"answered now by {', '.join(sorted(set(answered)))}",
                )
                closed += 1
    return closed


def _open(reason: str, now: datetime, *, evidence: dict, **identity: Any) -> int:
    """Open one task unless the same one is open; 1 when opened."""
    from knowledge.models import Entry

    with transaction.atomic():
        same = {key: value for key, value in identity.items() if key != "version_id"}
        if RevisionTask.objects.filter(reason=reason, state="open", **same).exists():
            return 0
        entry_id = identity.get("entry_id")
        owner = (
            Entry.objects.filter(pk=entry_id).values_list("owner_id", flat=True).first()
            if entry_id
            else None
        )
        RevisionTask.objects.create(
            reason=reason,
            evidence=evidence,
            assignee_id=owner,
            opened_at=now,
            due_at=now + timedelta(days=settings.PARLEY_REVISION_SLA_DAYS),
            **identity,
        )
    return 1


def language_reviewers(language: str) -> list[Any]:
    """Active reviewers who read `language` (or declared every language)."""
    return reviewers_of([language])


def people_for(task: RevisionTask) -> list[Any]:
    """Who the task is for: its assignee, else the reviewers of its language."""
    return [task.assignee] if task.assignee_id else language_reviewers(task.language)


def tasks_for(user: Any) -> Any:
    """Open tasks `user` is to do: assigned to them, or unassigned in a language they review."""
    mine = Q(assignee=user)
    if user.has_perm("knowledge.review_version"):
        declared = reviewer_languages(user)
        unassigned = Q(assignee__isnull=True)
        if declared:
            unassigned &= Q(language__in=declared)
        mine |= unassigned
    return RevisionTask.objects.filter(mine, state="open").select_related("entry", "channel")


def remind_and_escalate(*, now: datetime | None = None) -> dict[str, int]:
    """E-mail who a task is for a day before it is due, and Publishers once it is overdue."""
    now = now or timezone.now()
    reminded = escalated = 0
    due_soon = RevisionTask.objects.filter(
        state="open", reminded_at__isnull=True, due_at__lte=now + REMIND_BEFORE
    ).select_related("entry", "channel", "assignee")
    for task in due_soon:
        _mail(people_for(task), f"[Parley] Revision due {task.due_at:%Y-%m-%d}: {task}", task)
        RevisionTask.objects.filter(pk=task.pk).update(reminded_at=now)
        reminded += 1
    overdue = list(
        RevisionTask.objects.filter(
            state="open", escalated_at__isnull=True, due_at__lte=now
        ).select_related("entry", "channel", "assignee")
    )
    publishers = (
        list(
            get_user_model()
            .objects.filter(is_active=True, groups__name="Publishers")
            .distinct()
            .order_by("pk")
        )
        if overdue
        else []
    )
    for task in overdue:
        _mail(publishers, f"[Parley] Revision overdue: {task}", task)
        RevisionTask.objects.filter(pk=task.pk).update(escalated_at=now)
        escalated += 1
    return {"reminded": reminded, "escalated": escalated}


def _mail(people: list[Any], subject: str, task: RevisionTask) -> None:
    recipients = [person.email for person in people if person.email]
    if not recipients:
        return
    lines = [f"{key}: {value}" for key, value in task.evidence.items()]
    send_mail(
        subject=subject,
        message=f"{task}\nOpened {task.opened_at:%Y-%m-%d}, due {task.due_at:%Y-%m-%d}.\n\n"
        + "\n".join(lines),
        from_email=None,
        recipient_list=recipients,
    )


def close_for_published(version: Version) -> int:
    """Close the open answer tasks a newly published version answers: those about an
    earlier version of the same variant, in the languages it changed (all when it
    names none)."""
    languages = list(version.changed_languages or [])
    tasks = RevisionTask.objects.filter(
        state="open", version__variant_id=version.variant_id
    ).exclude(version_id=version.pk)
    if languages:
        tasks = tasks.filter(language__in=languages)
    return tasks.update(
        state="closed",
        closed_at=timezone.now(),
        closed_because=f"version {version.number} published",
    )

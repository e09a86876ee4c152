"""How each answer does with customers: served, helpful rate and effort, per entry,
channel and language.

All time: one query of `AnswerTotal`, a row per answer. Since a day: two
aggregate queries (answers served from `ServedCount`, votes from `VoteDay`),
joined here by (entry, channel, language).
"""

import csv
import io
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncDate, TruncWeek
from django.utils import timezone

from channels.models import AnswerTotal, Feedback, ServedCount, VoteDay


@dataclass
class Performance:
    entry: str
    channel: str
    language: str
    served: int = 0
    votes: int = 0
    helpful: int = 0
    helpful_votes: int = 0
    effort_mean: float | None = None
    effort_votes: int = 0
    comments: int = 0

    @property
    def helpful_rate(self) -> float | None:
        """Share of helpful answers among the votes that said yes or no."""
        return round(self.helpful / self.helpful_votes, 3) if self.helpful_votes else None

    def as_dict(self) -> dict:
        return {**asdict(self), "helpful_rate": self.helpful_rate}


def answer_performance(
    *,
    channel: str | None = None,
    language: str | None = None,
    since: date | None = None,
    entry: str | None = None,
) -> list[Performance]:
    """Rows per entry, channel and language with anything served or voted since `since`,
    worst first: the lowest helpful rate, then the highest mean effort, then the most
    served (rows without votes last)."""
    rows: dict[tuple[str, str, str], Performance] = {}

    def row(key: str, slug: str, code: str) -> Performance:
        return rows.setdefault((key, slug, code), Performance(key, slug, code))

    def narrowed(queryset: Any) -> Any:
        if channel:
            queryset = queryset.filter(channel__slug=channel)
        if language:
            queryset = queryset.filter(language=language)
        if entry:
            queryset = queryset.filter(entry__key=entry)
        return queryset

    if since is None:
        totals = narrowed(AnswerTotal.objects.all()).filter(Q(served__gt=0) | Q(votes__gt=0))
        for found in totals.values("entry__key", "channel__slug", "language", *TOTAL_FIELDS):
            performance = row(found["entry__key"], found["channel__slug"], found["language"])
            _fill(performance, {name: found[name] for name in TOTAL_FIELDS})
    else:
        served = narrowed(ServedCount.objects.filter(day__gte=since))
        for found in served.values("entry__key", "channel__slug", "language").annotate(
            total=Sum("count")
        ):
            row(found["entry__key"], found["channel__slug"], found["language"]).served = found[
                "total"
            ]
        votes = narrowed(VoteDay.objects.filter(day__gte=since))
        # (aliases unlike the fields: an alias `helpful` would shadow the field)
        sums = {f"n_{name}": Sum(name) for name in VOTE_FIELDS}
        for found in votes.values("entry__key", "channel__slug", "language").annotate(**sums):
            performance = row(found["entry__key"], found["channel__slug"], found["language"])
            _fill(performance, {name: found[f"n_{name}"] for name in VOTE_FIELDS})

    def badness(p: Performance) -> tuple:
        rate = p.helpful_rate
        return (
            rate is None and p.effort_mean is None,
            rate if rate is not None else 1.0,
            -(p.effort_mean or 0.0),
            -p.served,
            p.entry,
            p.channel,
            p.language,
        )

    return sorted(rows.values(), key=badness)


def _fill(performance: Performance, sums: dict[str, int]) -> None:
    """Set a row's figures from summed fields (`served` and/or the vote fields)."""
    if "served" in sums:
        performance.served = sums["served"]
    performance.votes = sums["votes"]
    performance.helpful = sums["helpful"]
    performance.helpful_votes = sums["helpful_votes"]
    performance.effort_votes = sums["effort_votes"]
    performance.comments = sums["comments"]
    if sums["effort_votes"]:
        performance.effort_mean = round(sums["effort_sum"] / sums["effort_votes"], 2)


WEEKS = 8


def weekly_helpful(
    rows: list[Performance], *, today: date | None = None
) -> dict[tuple[str, str, str], list[float | None]]:
    """Each row's helpful rate per week, the last `WEEKS` weeks, oldest first (None: no
    votes that week). One query for all rows."""
    today = today or date.today()
    this_week = today - timedelta(days=today.weekday())
    start = this_week - timedelta(weeks=WEEKS - 1)
    keys = {(row.entry, row.channel, row.language) for row in rows}
    found: dict[tuple[str, str, str], list[float | None]] = {key: [None] * WEEKS for key in keys}
    weekly = (
        VoteDay.objects.filter(day__gte=start, helpful_votes__gt=0)
        .filter(entry__key__in={key[0] for key in keys})
        .annotate(week=TruncWeek("day"))
        .values("entry__key", "channel__slug", "language", "week")
        .annotate(n_helpful=Sum("helpful"), n_rated=Sum("helpful_votes"))
    )
    for row in weekly:
        key = (row["entry__key"], row["channel__slug"], row["language"])
        if key not in found:
            continue
        week = row["week"]
        index = ((week.date() if isinstance(week, datetime) else week) - start).days // 7
        if 0 <= index < WEEKS:
            found[key][index] = row["n_helpful"] / row["n_rated"]
    return found


def sparkline(points: list[float | None], *, width: int = 96, height: int = 22) -> str:
    """An inline SVG line of rates between 0 and 1 (gaps where a week had no votes)."""
    pad = 3  # a point at either end stays whole
    step = (width - 2 * pad) / max(len(points) - 1, 1)
    segments: list[list[str]] = [[]]
    for index, value in enumerate(points):
        if value is None:
            segments.append([])
            continue
        y = height - 2 - value * (height - 4)
        segments[-1].append(f"{pad + index * step:.1f},{y:.1f}")
    lines = "".join(
        f'<polyline points="{" ".join(s)}" fill="none" stroke="currentColor" stroke-width="1.5"/>'
        if len(s) > 1
        else f'<circle cx="{s[0].split(",")[0]}" cy="{s[0].split(",")[1]}" r="2.5"/>'
        for s in segments
        if s
    )
    return (
        f'<svg class="parley-spark" width="{width}" height="{height}" viewBox="0 0 {width} '
        f'{height}" role="img" aria-label="helpful rate by week">'
        f'<line x1="0" y1="{height - 2}" x2="{width}" y2="{height - 2}" stroke="#ccc"/>'
        f"{lines}</svg>"
    )


CSV_COLUMNS = [
    "entry", "channel", "language", "served", "votes", "helpful_rate", "helpful_votes",
    "effort_mean", "effort_votes", "comments",
]  # fmt: skip


def as_csv(rows: list[Performance]) -> str:
    """The rows as CSV, one line per entry, channel and language."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        data = row.as_dict()
        writer.writerow(["" if data[c] is None else data[c] for c in CSV_COLUMNS])
    return out.getvalue()


# --- the votes summed per day ----------------------------------------------------------

VOTE_FIELDS = ("votes", "helpful", "helpful_votes", "effort_sum", "effort_votes", "comments")
TOTAL_FIELDS = ("served", *VOTE_FIELDS)


def vote_tally(feedback: Feedback) -> dict[str, int]:
    """What one feedback row adds to its day's sums."""
    return {
        "votes": 1,
        "helpful": int(feedback.helpful is True),
        "helpful_votes": int(feedback.helpful is not None),
        "effort_sum": feedback.effort or 0,
        "effort_votes": int(feedback.effort is not None),
        "comments": int(bool(feedback.comment)),
    }


def add_to_vote_day(feedback: Feedback, sign: int, tally: dict[str, int] | None = None) -> None:
    """Add (`sign` 1) or take back (-1) one feedback row's votes in its day's row."""
    tally = tally or vote_tally(feedback)
    day = (feedback.created_at or timezone.now()).astimezone(UTC).date()
    where = {
        "entry_id": feedback.entry_id,
        "channel_id": feedback.channel_id,
        "language": feedback.language,
        "day": day,
    }
    change = {name: F(name) + sign * tally[name] for name in VOTE_FIELDS if tally[name]}
    answer = {key: where[key] for key in ("entry_id", "channel_id", "language")}
    with transaction.atomic():
        if sign > 0:
            VoteDay.objects.get_or_create(**where)
            AnswerTotal.objects.get_or_create(**answer)
        # Taking back never creates a row: the entry or channel may be going away.
        VoteDay.objects.filter(**where).update(**change)
        AnswerTotal.objects.filter(**answer).update(**change)


def add_served_to_totals(counts: dict[tuple[int, int, str], int]) -> None:
    """Add answers served, ``{(entry_id, channel_id, language): n}``, to the totals
    (inside the caller's transaction)."""
    AnswerTotal.objects.bulk_create(
        [AnswerTotal(entry_id=e, channel_id=c, language=lang) for e, c, lang in counts],
        ignore_conflicts=True,
        batch_size=1000,
    )
    rows = AnswerTotal.objects.filter(
        entry_id__in={e for e, _c, _lang in counts}, channel_id__in={c for _e, c, _l in counts}
    ).only("entry_id", "channel_id", "language")
    changed = []
    for total in rows:
        added = counts.get((total.entry_id, total.channel_id, total.language))
        if added:
            total.served = F("served") + added
            changed.append(total)
    AnswerTotal.objects.bulk_update(changed, ["served"], batch_size=1000)


def rebuild_answer_totals(
    served_model: Any = ServedCount, vote_day_model: Any = VoteDay, total_model: Any = AnswerTotal
) -> int:
    """Sum the day rows again into all-time totals (migration, bulk loads); rows written."""
    totals: dict[tuple[int, int, str], dict[str, int]] = {}
    key = ("entry_id", "channel_id", "language")
    for found in served_model.objects.values(*key).annotate(n=Sum("count")):
        sums = totals.setdefault(tuple(found[k] for k in key), dict.fromkeys(TOTAL_FIELDS, 0))
        sums["served"] = found["n"]
    vote_sums = {f"n_{name}": Sum(name) for name in VOTE_FIELDS}
    for found in vote_day_model.objects.values(*key).annotate(**vote_sums):
        sums = totals.setdefault(tuple(found[k] for k in key), dict.fromkeys(TOTAL_FIELDS, 0))
        sums.update({name: found[f"n_{name}"] for name in VOTE_FIELDS})
    with transaction.atomic():
        total_model.objects.all().delete()
        rows = total_model.objects.bulk_create(
            (
                total_model(entry_id=e, channel_id=c, language=lang, **sums)
                for (e, c, lang), sums in totals.items()
            ),
            batch_size=5000,
        )
    return len(rows)


def rebuild_vote_days(feedback_model: Any = Feedback, vote_day_model: Any = VoteDay) -> int:
    """Sum every feedback row again into per-day rows (for a data migration, with its
    historical models, and for bulk-loaded votes); the rows written."""
    sums = (
        feedback_model.objects.annotate(utc_day=TruncDate("created_at", tzinfo=UTC))
        .values("entry_id", "channel_id", "language", "utc_day")
        .annotate(
            n_votes=Count("pk"),
            n_helpful=Count("pk", filter=Q(helpful=True)),
            n_helpful_votes=Count("pk", filter=Q(helpful__isnull=False)),
            n_effort_sum=Sum("effort", default=0),
            n_effort=Count("effort"),
            n_comments=Count("pk", filter=~Q(comment="")),
        )
    )
    with transaction.atomic():
        vote_day_model.objects.all().delete()
        rows = vote_day_model.objects.bulk_create(
            (
                vote_day_model(
                    entry_id=row["entry_id"],
                    channel_id=row["channel_id"],
                    language=row["language"],
                    day=row["utc_day"],
                    votes=row["n_votes"],
                    helpful=row["n_helpful"],
                    helpful_votes=row["n_helpful_votes"],
                    effort_sum=row["n_effort_sum"],
                    effort_votes=row["n_effort"],
                    comments=row["n_comments"],
                )
                for row in sums
            ),
            batch_size=5000,
        )
    return len(rows)

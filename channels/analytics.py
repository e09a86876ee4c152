"""How each answer does with customers: served, helpful rate and effort, per entry,
channel and language.

Two aggregate queries whatever the number of rows (answers served from
`ServedCount`, votes from `Feedback`), joined here by (entry, channel, language).
"""

import csv
import io
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Avg, Count, Q, Sum
from django.db.models.functions import TruncWeek
from django.utils import timezone

from channels.models import Feedback, ServedCount


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
    *, channel: str | None = None, language: str | None = None, since: date | None = None
) -> list[Performance]:
    """Rows per entry, channel and language with anything served or voted since `since`,
    worst first: the lowest helpful rate, then the highest mean effort, then the most
    served (rows without votes last)."""
    served = ServedCount.objects.all()
    votes = Feedback.objects.all()
    if channel:
        served, votes = served.filter(channel__slug=channel), votes.filter(channel__slug=channel)
    if language:
        served, votes = served.filter(language=language), votes.filter(language=language)
    if since:
        # From the start of that day, as a range on the column (no per-row date cast).
        start = timezone.make_aware(datetime.combine(since, time.min))
        served, votes = served.filter(day__gte=since), votes.filter(created_at__gte=start)
    rows: dict[tuple[str, str, str], Performance] = {}

    def row(key: str, slug: str, code: str) -> Performance:
        return rows.setdefault((key, slug, code), Performance(key, slug, code))

    for found in served.values("entry__key", "channel__slug", "language").annotate(
        total=Sum("count")
    ):
        row(found["entry__key"], found["channel__slug"], found["language"]).served = found["total"]
    for found in votes.values("entry__key", "channel__slug", "language").annotate(
        n_votes=Count("pk"),
        n_helpful=Count("pk", filter=Q(helpful=True)),
        n_helpful_votes=Count("pk", filter=Q(helpful__isnull=False)),
        mean_effort=Avg("effort"),
        n_effort=Count("effort"),
        n_comments=Count("pk", filter=~Q(comment="")),
    ):  # (aliases unlike the fields: an alias `helpful` would shadow the field in filters)
        performance = row(found["entry__key"], found["channel__slug"], found["language"])
        performance.votes = found["n_votes"]
        performance.helpful = found["n_helpful"]
        performance.helpful_votes = found["n_helpful_votes"]
        performance.effort_votes = found["n_effort"]
        performance.comments = found["n_comments"]
        if found["mean_effort"] is not None:
            performance.effort_mean = round(float(found["mean_effort"]), 2)

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
        Feedback.objects.filter(created_at__date__gte=start, helpful__isnull=False)
        .filter(entry__key__in={key[0] for key in keys})
        .annotate(week=TruncWeek("created_at"))
        .values("entry__key", "channel__slug", "language", "week")
        .annotate(n_helpful=Count("pk", filter=Q(helpful=True)), n_rated=Count("pk"))
    )
    for row in weekly:
        key = (row["entry__key"], row["channel__slug"], row["language"])
        if key not in found:
            continue
        index = (row["week"].date() - start).days // 7
        if 0 <= index < WEEKS:
            found[key][index] = row["n_helpful"] / row["n_rated"]
    return found


def sparkline(points: list[float | None], *, width: int = 96, height: int = 22) -> str:
    """An inline SVG line of rates between 0 and 1 (gaps where a week had no votes)."""
    step = width / max(len(points) - 1, 1)
    segments: list[list[str]] = [[]]
    for index, value in enumerate(points):
        if value is None:
            segments.append([])
            continue
        y = height - 2 - value * (height - 4)
        segments[-1].append(f"{index * step:.1f},{y:.1f}")
    lines = "".join(
        f'<polyline points="{" ".join(s)}" fill="none" stroke="currentColor" stroke-width="1.5"/>'
        if len(s) > 1
        else f'<circle cx="{s[0].split(",")[0]}" cy="{s[0].split(",")[1]}" r="1.5"/>'
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

"""How each answer does with customers: served, helpful rate and effort, per entry,
channel and language.

Two aggregate queries whatever the number of rows (answers served from
`ServedCount`, votes from `Feedback`), joined here by (entry, channel, language).
"""

from dataclasses import asdict, dataclass
from datetime import date

from django.db.models import Avg, Count, Q, Sum

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
        served, votes = served.filter(day__gte=since), votes.filter(created_at__date__gte=since)
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

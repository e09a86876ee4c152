"""Editorial API: how answers do with customers (`channels.analytics`)."""

from datetime import date

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

from channels.analytics import answer_performance
from channels.gaps import search_gaps
from channels.models import Channel, RevisionTask
from channels.revision import tasks_for
from config.api import ApiError
from config.schema import raises
from knowledge.api.base import EditorialView
from knowledge.languages import language_codes

ANSWER_FIELDS = {
    "entry": serializers.CharField(help_text="The entry's key."),
    "channel": serializers.CharField(),
    "language": serializers.CharField(help_text="The language served."),
    "served": serializers.IntegerField(help_text="Times the answer was read or rendered."),
    "votes": serializers.IntegerField(help_text="Feedback received."),
    "helpful_rate": serializers.FloatField(
        allow_null=True, help_text="Helpful among the yes/no votes (null: none)."
    ),
    "helpful_votes": serializers.IntegerField(),
    "effort_mean": serializers.FloatField(
        allow_null=True, help_text="Mean customer effort, 1 (easy) to 5 (hard)."
    ),
    "effort_votes": serializers.IntegerField(),
    "comments": serializers.IntegerField(),
    "helpful": serializers.IntegerField(),
}
ANSWER_PAGE = inline_serializer(
    "PaginatedAnswerPerformanceList",
    {
        "count": serializers.IntegerField(),
        "next": serializers.URLField(allow_null=True),
        "previous": serializers.URLField(allow_null=True),
        "results": inline_serializer("AnswerPerformance", ANSWER_FIELDS, many=True),
    },
)


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


def _since(raw: str | None) -> date | None:
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError as error:
        raise ApiError("invalid_parameter", "`since` is a date: YYYY-MM-DD.") from error


@extend_schema(tags=["analytics"])
class AnswerAnalyticsView(EditorialView):
    pagination_class = Pagination
    allowed = {"channel", "lang", "since", "page", "page_size"}

    @extend_schema(
        parameters=[
            OpenApiParameter("channel", str, description="a channel's slug"),
            OpenApiParameter("lang", str, description="the language served"),
            OpenApiParameter("since", str, description="first day counted, YYYY-MM-DD"),
            OpenApiParameter("page", int),
            OpenApiParameter("page_size", int),
        ],
        responses={200: ANSWER_PAGE},
        **raises("invalid_parameter", "invalid_language"),
    )
    def get(self, request: Request) -> Response:
        """Per entry, channel and language: served, helpful rate, mean effort; worst first."""
        params = _checked(request, self.allowed)
        language = params.get("lang") or None
        rows = answer_performance(
            channel=params.get("channel") or None,
            language=language,
            since=_since(params.get("since")),
        )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset([row.as_dict() for row in rows], request, view=self)
        return paginator.get_paginated_response(page)


GAP_PAGE = inline_serializer(
    "PaginatedSearchGapList",
    {
        "count": serializers.IntegerField(),
        "next": serializers.URLField(allow_null=True),
        "previous": serializers.URLField(allow_null=True),
        "results": inline_serializer(
            "SearchGap",
            {
                "channel": serializers.CharField(),
                "language": serializers.CharField(),
                "label": serializers.CharField(help_text="The group's most common terms."),
                "count": serializers.IntegerField(help_text="Times nothing answered well."),
                "searches": serializers.IntegerField(),
                "questions": serializers.ListField(child=serializers.CharField()),
            },
            many=True,
        ),
    },
)


def _checked(request: Request, allowed: set[str]) -> dict[str, str]:
    params = request.query_params
    unknown = sorted(set(params) - allowed)
    if unknown:
        raise ApiError("invalid_parameter", f"Unknown parameters: {', '.join(unknown)}.")
    language = params.get("lang") or ""
    if language and language not in language_codes():
        raise ApiError("invalid_language", f"Unknown language {language!r}.")
    channel = params.get("channel") or ""
    if channel and not Channel.objects.filter(slug=channel).exists():
        raise ApiError("invalid_parameter", f"No channel {channel!r}.")
    return {name: params.get(name, "") for name in allowed}


@extend_schema(tags=["analytics"])
class GapAnalyticsView(EditorialView):
    pagination_class = Pagination

    @extend_schema(
        parameters=[
            OpenApiParameter("channel", str, description="a channel's slug"),
            OpenApiParameter("lang", str),
            OpenApiParameter("page", int),
            OpenApiParameter("page_size", int),
        ],
        responses={200: GAP_PAGE},
        **raises("invalid_parameter", "invalid_language"),
    )
    def get(self, request: Request) -> Response:
        """Questions nothing answered well, grouped by wording, the most missed first."""
        params = _checked(request, {"channel", "lang", "page", "page_size"})
        groups = search_gaps(channel=params["channel"] or None, language=params["lang"] or None)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset([g.as_dict() for g in groups], request, view=self)
        return paginator.get_paginated_response(page)


class RevisionTaskSerializer(serializers.ModelSerializer):
    entry = serializers.SlugRelatedField(slug_field="key", read_only=True, allow_null=True)
    channel = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    assignee = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = RevisionTask
        fields = [
            "id", "reason", "state", "entry", "channel", "language", "gap", "version",
            "assignee", "evidence", "opened_at", "due_at", "reminded_at", "escalated_at",
            "closed_at", "closed_because",
        ]  # fmt: skip


@extend_schema(tags=["analytics"])
class RevisionTaskListView(EditorialView, generics.GenericAPIView):
    serializer_class = RevisionTaskSerializer
    pagination_class = Pagination

    @extend_schema(
        parameters=[
            OpenApiParameter("state", str, enum=["open", "closed"]),
            OpenApiParameter("mine", bool, description="only the tasks that are mine to do"),
            OpenApiParameter("page", int),
            OpenApiParameter("page_size", int),
        ],
        responses={200: RevisionTaskSerializer(many=True)},
        **raises("invalid_parameter"),
    )
    def get(self, request: Request) -> Response:
        """Revision tasks with the evidence that opened them, the soonest due first."""
        params = _checked(request, {"state", "mine", "page", "page_size"})
        if params["state"] not in ("", "open", "closed"):
            raise ApiError("invalid_parameter", "`state` is open or closed.")
        params["mine"] = params["mine"].lower()
        if params["mine"] not in ("", "0", "1", "true", "false"):
            raise ApiError("invalid_parameter", "`mine` is true or false.")
        tasks = RevisionTask.objects.select_related("entry", "channel", "assignee")
        if params["mine"] in ("1", "true"):
            tasks = tasks_for(request.user)
        if params["state"]:
            tasks = tasks.filter(state=params["state"])
        page = self.paginate_queryset(tasks.order_by("state", "due_at", "pk"))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

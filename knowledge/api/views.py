"""Editorial API views: parse, call one service, answer. No rules live here."""

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

from channels.models import Channel
from config.api import ApiError, validated
from config.numbers import ascii_int
from config.schema import raises, response_header
from knowledge import services
from knowledge.api import serializers as s
from knowledge.api.actions import IF_MATCH, action_views
from knowledge.api.base import EditorialView, version_etag, write_if_match
from knowledge.diffs import changed_languages, version_diff
from knowledge.models import Entry, Variant, Version
from knowledge.selectors import review_queue, reviewer_languages
from knowledge.services.versions import ANSWERS
from knowledge.workflow import VersionStatus
from templates_app.tone.versions import findings_with_acknowledgements


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


def versions_queryset() -> QuerySet[Version]:
    return Version.objects.select_related(
        "variant__entry", "variant__channel", "author"
    ).prefetch_related("contributors")


def _version_response(version: Version, *, code: int = status.HTTP_200_OK) -> Response:
    version = versions_queryset().prefetch_related("transitions__actor").get(pk=version.pk)
    response = Response(s.VersionDetailSerializer(version).data, status=code)
    response["ETag"] = version_etag(version)
    return response


# --- entries -------------------------------------------------------------------


def entries_queryset() -> QuerySet[Entry]:
    return Entry.objects.select_related("topic", "owner").prefetch_related(
        "tags", Prefetch("variants", queryset=Variant.objects.select_related("channel"))
    )


@extend_schema(tags=["entries"])
class EntryListView(EditorialView, generics.GenericAPIView):
    serializer_class = s.EntrySerializer
    pagination_class = Pagination

    def get_queryset(self) -> QuerySet[Entry]:
        queryset = entries_queryset()
        params = self.request.query_params
        if params.get("topic"):
            queryset = queryset.filter(topic__slug=params["topic"])
        if params.get("tag"):
            queryset = queryset.filter(tags__slug=params["tag"])
        return queryset.order_by("key")

    @extend_schema(
        parameters=[
            OpenApiParameter("topic", str, description="Topic slug."),
            OpenApiParameter("tag", str, description="Tag slug."),
        ],
        responses={200: s.EntrySerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        request=s.EntryWriteSerializer,
        responses={201: s.EntrySerializer},
        **raises("entry_exists", "text_too_long"),
    )
    def post(self, request: Request) -> Response:
        data = validated(s.EntryWriteSerializer, request.data)
        entry = services.entry_create(actor=request.user, **data)
        return Response(
            s.EntrySerializer(entries_queryset().get(pk=entry.pk)).data,
            status=status.HTTP_201_CREATED,
        )


@extend_schema(tags=["entries"])
class EntryDetailView(EditorialView):
    @extend_schema(responses={200: s.EntrySerializer})
    def get(self, request: Request, key: str) -> Response:
        return Response(s.EntrySerializer(get_object_or_404(entries_queryset(), key=key)).data)

    @extend_schema(
        request=s.EntryUpdateSerializer,
        responses={200: s.EntrySerializer},
        **raises("text_too_long"),
    )
    def patch(self, request: Request, key: str) -> Response:
        entry = get_object_or_404(Entry, key=key)
        services.entry_update(
            entry=entry, actor=request.user, **validated(s.EntryUpdateSerializer, request.data)
        )
        return Response(s.EntrySerializer(entries_queryset().get(pk=entry.pk)).data)


# --- versions ------------------------------------------------------------------


@extend_schema(tags=["versions"])
class VariantVersionsView(EditorialView):
    """The versions of one entry's variant for one channel."""

    @extend_schema(responses={200: s.VersionSerializer(many=True)})
    def get(self, request: Request, key: str, channel: str) -> Response:
        variant = get_object_or_404(Variant, entry__key=key, channel__slug=channel)
        versions = versions_queryset().filter(variant=variant).order_by("-number")
        return Response(s.VersionSerializer(versions, many=True).data)

    @extend_schema(
        request=s.VersionTextsSerializer,
        parameters=[response_header("ETag", 201)],
        responses={201: s.VersionDetailSerializer},
        **raises("draft_exists", "text_too_long", "unknown_placeholder"),
        description=(
            "Open a new draft of the variant (created when missing), copied from the live "
            "version, with the given texts applied. 409 `draft_exists` names the open "
            "draft's `draft_id`."
        ),
    )
    def post(self, request: Request, key: str, channel: str) -> Response:
        texts = validated(s.VersionTextsSerializer, request.data or {})
        entry = get_object_or_404(Entry, key=key)
        found = get_object_or_404(Channel, slug=channel)
        draft = services.variant_open_draft(
            entry=entry, channel=found, actor=request.user, texts=texts
        )
        return _version_response(draft, code=status.HTTP_201_CREATED)


@extend_schema(tags=["versions"])
class VersionListView(EditorialView, generics.GenericAPIView):
    serializer_class = s.VersionSerializer
    pagination_class = Pagination

    def get_queryset(self) -> QuerySet[Version]:
        params = self.request.query_params
        queryset = versions_queryset()
        if params.get("queue") == "mine":
            queryset = review_queue(self.request.user, queryset)
        elif params.get("queue"):
            raise ApiError("invalid_queue", "The only queue is 'mine'.")
        if params.get("status"):
            if params["status"] not in VersionStatus.values:
                raise ApiError("invalid_status", f"Unknown status '{params['status']}'.")
            queryset = queryset.filter(status=params["status"])
        if params.get("entry"):
            queryset = queryset.filter(variant__entry__key=params["entry"])
        if params.get("channel"):
            queryset = queryset.filter(variant__channel__slug=params["channel"])
        return queryset if params.get("queue") else queryset.order_by("-updated_at", "-pk")

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "queue",
                str,
                enum=["mine"],
                description="`mine`: versions in review you may judge (not your own, only "
                "languages you review), oldest first.",
            ),
            OpenApiParameter("status", str, enum=VersionStatus.values),
            OpenApiParameter("entry", str, description="Entry key."),
            OpenApiParameter("channel", str, description="Channel slug."),
        ],
        responses={200: s.VersionSerializer(many=True)},
        **raises("invalid_queue", "invalid_status"),
    )
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


@extend_schema(tags=["versions"])
class VersionDetailView(EditorialView):
    @extend_schema(
        parameters=[response_header("ETag", 200)], responses={200: s.VersionDetailSerializer}
    )
    def get(self, request: Request, pk: int) -> Response:
        return _version_response(get_object_or_404(Version, pk=pk))

    @extend_schema(
        request=s.VersionTextsSerializer,
        parameters=[IF_MATCH, response_header("ETag", 200)],
        responses={200: s.VersionDetailSerializer},
        **raises(
            "not_editable",
            "text_too_long",
            "unknown_placeholder",
            "precondition_failed",
            "precondition_required",
        ),
    )
    def patch(self, request: Request, pk: int) -> Response:
        version = get_object_or_404(Version, pk=pk)
        texts = validated(s.VersionTextsSerializer, request.data)
        version = write_if_match(
            request,
            ANSWERS,
            version,
            lambda locked: services.version_update(version=locked, actor=request.user, texts=texts),
        )
        return _version_response(version)


@extend_schema(tags=["versions"])
class VersionDiffView(EditorialView):
    @extend_schema(
        parameters=[
            OpenApiParameter(
                "against",
                int,
                description="Id of a version of the same variant; default: its live version.",
            )
        ],
        responses={200: s.VersionDiffSerializer},
        **raises("invalid_against"),
    )
    def get(self, request: Request, pk: int) -> Response:
        version = get_object_or_404(versions_queryset(), pk=pk)
        against = _against(request, version)
        return Response(
            {
                "version": version.pk,
                "against": against.pk if against else None,
                "changed_languages": changed_languages(version, against),
                "languages": version_diff(version, against),
            }
        )


@extend_schema(tags=["versions"])
class VersionLintView(EditorialView):
    """Tone findings for every language of a version; errors block submit."""

    @extend_schema(responses={200: s.LintReportSerializer})
    def get(self, request: Request, pk: int) -> Response:
        version = get_object_or_404(versions_queryset(), pk=pk)
        findings = findings_with_acknowledgements(version)
        return Response(
            s.LintReportSerializer(
                {
                    "version": version.pk,
                    "errors": sum(finding["severity"] == "error" for finding in findings),
                    "findings": findings,
                }
            ).data
        )


def _against(request: Request, version: Version) -> Version | None:
    raw = request.query_params.get("against")
    if raw is None:
        return version.variant.published_version
    against_id = ascii_int(raw)
    if against_id is None:
        raise ApiError("invalid_against", "`against` must be a version id.")
    against = Version.objects.filter(pk=against_id, variant_id=version.variant_id).first()
    if against is None:
        raise ApiError("invalid_against", "`against` must be a version of the same variant.")
    return against


@extend_schema(tags=["reviewers"])
class ReviewLanguagesView(EditorialView):
    """The languages you review; your review queue shows only versions changing those."""

    @extend_schema(responses={200: s.ReviewLanguagesSerializer})
    def get(self, request: Request) -> Response:
        return Response({"languages": reviewer_languages(request.user)})

    @extend_schema(
        request=s.ReviewLanguagesSerializer,
        responses={200: s.ReviewLanguagesSerializer},
    )
    def put(self, request: Request) -> Response:
        data = validated(s.ReviewLanguagesSerializer, request.data)
        profile = services.reviewer_set_languages(user=request.user, languages=data["languages"])
        return Response({"languages": profile.languages})


ACTIONS = action_views(
    model=Version,
    calls={
        "submit": services.version_submit,
        "approve": services.version_approve,
        "request-changes": services.version_request_changes,
        "publish": services.version_publish,
        "unpublish": services.version_unpublish,
        "rollback": services.version_rollback,
    },
    respond=lambda version, code: _version_response(version, code=code),
    response_serializer=s.VersionDetailSerializer,
    kind=ANSWERS,
    tag="workflow",
    operation_prefix="v1_versions",
    class_prefix="Version",
    created=frozenset({"rollback"}),
)

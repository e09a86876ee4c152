"""Snippets in the editorial API: parse, call one service, answer."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from channels.models import Channel
from config.api import ApiError, validated
from config.schema import raises, response_header
from knowledge.api.actions import IF_MATCH, action_views
from knowledge.api.base import EditorialView, version_etag, write_if_match
from templates_app import services
from templates_app.api import serializers as s
from templates_app.models import Snippet, SnippetVersion


def snippets_queryset() -> QuerySet[Snippet]:
    return Snippet.objects.select_related("published_version").prefetch_related("channels")


def versions_queryset() -> QuerySet[SnippetVersion]:
    return SnippetVersion.objects.select_related("snippet", "author").prefetch_related(
        "contributors", "transitions__actor"
    )


def _version_response(version: SnippetVersion, code: int = status.HTTP_200_OK) -> Response:
    version = versions_queryset().get(pk=version.pk)
    response = Response(s.SnippetVersionSerializer(version).data, status=code)
    response["ETag"] = version_etag(version)
    return response


def _channels(slugs: list[str]) -> list[Channel]:
    found = list(Channel.objects.filter(slug__in=slugs))
    unknown = sorted(set(slugs) - {channel.slug for channel in found})
    if unknown:
        raise ApiError("unknown_channel", f"Unknown channels: {', '.join(unknown)}.")
    return found


@extend_schema(tags=["snippets"])
class SnippetListView(EditorialView):
    @extend_schema(responses={200: s.SnippetSerializer(many=True)})
    def get(self, request: Request) -> Response:
        return Response(s.SnippetSerializer(snippets_queryset(), many=True).data)

    @extend_schema(
        request=s.SnippetCreateSerializer,
        parameters=[response_header("ETag", 201)],
        responses={201: s.SnippetVersionSerializer},
        **raises("snippet_exists", "unknown_channel", "text_too_long", "unknown_placeholder"),
        description="Create a snippet and its first draft; answers with the draft.",
    )
    def post(self, request: Request) -> Response:
        data = validated(s.SnippetCreateSerializer, request.data)
        draft = services.snippet_create(
            key=data["key"],
            kind=data["kind"],
            description=data["description"],
            channels=_channels(data["channels"]),
            texts=data.get("text"),
            actor=request.user,
        )
        return _version_response(draft, status.HTTP_201_CREATED)


@extend_schema(tags=["snippets"])
class SnippetDetailView(EditorialView):
    @extend_schema(responses={200: s.SnippetSerializer})
    def get(self, request: Request, key: str) -> Response:
        return Response(s.SnippetSerializer(get_object_or_404(snippets_queryset(), key=key)).data)


@extend_schema(tags=["snippets"])
class SnippetVersionsView(EditorialView):
    @extend_schema(responses={200: s.SnippetVersionSerializer(many=True)})
    def get(self, request: Request, key: str) -> Response:
        snippet = get_object_or_404(Snippet, key=key)
        versions = versions_queryset().filter(snippet=snippet).order_by("-number")
        return Response(s.SnippetVersionSerializer(versions, many=True).data)

    @extend_schema(
        request=s.SnippetTextSerializer,
        parameters=[response_header("ETag", 201)],
        responses={201: s.SnippetVersionSerializer},
        **raises("draft_exists", "text_too_long", "unknown_placeholder"),
        description="Open a new draft copied from the live text, with the given texts "
        "applied. 409 `draft_exists` names the open draft's `draft_id`.",
    )
    def post(self, request: Request, key: str) -> Response:
        texts = validated(s.SnippetTextSerializer, request.data or {}).get("text")
        snippet = get_object_or_404(Snippet, key=key)
        draft = services.snippet_open_draft(snippet=snippet, actor=request.user, texts=texts)
        return _version_response(draft, status.HTTP_201_CREATED)


@extend_schema(tags=["snippets"])
class SnippetVersionDetailView(EditorialView):
    @extend_schema(
        parameters=[response_header("ETag", 200)], responses={200: s.SnippetVersionSerializer}
    )
    def get(self, request: Request, pk: int) -> Response:
        return _version_response(get_object_or_404(SnippetVersion, pk=pk))

    @extend_schema(
        request=s.SnippetTextSerializer,
        parameters=[IF_MATCH, response_header("ETag", 200)],
        responses={200: s.SnippetVersionSerializer},
        **raises(
            "not_editable",
            "text_too_long",
            "unknown_placeholder",
            "precondition_failed",
            "precondition_required",
        ),
        description="Change a draft's text (`If-Match` required); 400 `unknown_placeholder` "
        "for a placeholder outside the whitelist or a snippet inside a snippet.",
    )
    def patch(self, request: Request, pk: int) -> Response:
        version = get_object_or_404(SnippetVersion, pk=pk)
        texts = validated(s.SnippetTextSerializer, request.data).get("text") or {}
        version = write_if_match(
            request,
            services.SNIPPETS,
            version,
            lambda locked: services.snippet_version_update(
                version=locked, actor=request.user, texts=texts
            ),
        )
        return _version_response(version)


ACTIONS = action_views(
    model=SnippetVersion,
    calls={
        "submit": services.snippet_version_submit,
        "approve": services.snippet_version_approve,
        "request-changes": services.snippet_version_request_changes,
        "publish": services.snippet_version_publish,
        "unpublish": services.snippet_version_unpublish,
    },
    respond=lambda version, code: _version_response(version, code),
    response_serializer=s.SnippetVersionSerializer,
    kind=services.SNIPPETS,
    tag="snippets",
    operation_prefix="v1_snippets_versions",
    class_prefix="SnippetVersion",
    notes={
        "publish": "The live text changes on every answer that uses the snippet.",
        "unpublish": "409 `snippet_in_use` (with `keys`) while live or approved answers use it.",
    },
)

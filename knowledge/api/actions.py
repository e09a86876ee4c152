"""The workflow's API actions, made once for every reviewed kind.

`POST .../versions/<id>/<step>/` for answers and snippets alike: the request
body each step takes, its description and its answer come from here, the
service call from the kind.
"""

from collections.abc import Callable
from typing import Any

from django.db.models import Model
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api import StrictSerializer, validated
from config.schema import raises, request_header, response_header
from knowledge import engine
from knowledge.api import serializers as s
from knowledge.api.base import EditorialView, write_if_match

# step -> (request body, description, error codes beyond the common ones)
STEPS: dict[str, tuple[type[StrictSerializer], str, tuple[str, ...]]] = {
    "submit": (
        s.CommentSerializer,
        "Send a draft to review.",
        ("invalid_transition", "lint_failed", "empty_version", "no_changes", "text_too_long"),
    ),
    "approve": (
        s.CommentSerializer,
        "Approve a version in review. 403 `four_eyes` for its author and editors.",
        ("invalid_transition", "four_eyes", "text_too_long"),
    ),
    "request-changes": (
        s.RequestChangesSerializer,
        "Send a version back to its author; a comment is required.",
        ("invalid_transition", "comment_required", "text_too_long"),
    ),
    "publish": (
        s.PublishSerializer,
        "Publish now, or schedule when `publish_at` is in the future.",
        ("invalid_transition", "unknown_placeholder", "text_too_long"),
    ),
    "unpublish": (
        s.CommentSerializer,
        "Take it offline.",
        ("invalid_transition", "snippet_in_use", "text_too_long"),
    ),
    "rollback": (
        s.CommentSerializer,
        "Open a new draft with this older version's content (201 with the draft).",
        ("invalid_transition", "draft_exists", "text_too_long"),
    ),
}
GUARDED = ("precondition_failed", "precondition_required")
IF_MATCH = request_header(
    "If-Match",
    "The `ETag` of the version you read. A version changed since answers 412, none 428.",
    required=True,
)

# Steps that leave the version as it is (rollback opens a new draft from it):
# they need no `If-Match`. Every other step changes the version and does.
UNGUARDED = frozenset({"rollback"})


def action_views(
    *,
    model: type[Model],
    calls: dict[str, Callable[..., Any]],
    respond: Callable[[Any, int], Response],
    response_serializer: type[serializers.Serializer],
    tag: str,
    operation_prefix: str,
    class_prefix: str,
    kind: engine.Reviewed,
    created: frozenset[str] = frozenset(),
    notes: dict[str, str] | None = None,
) -> dict[str, type[APIView]]:
    """One APIView per step in `calls` (step -> service), keyed by the step's URL name."""
    views = {}
    for step, call in calls.items():
        request_serializer, description, codes = STEPS[step]
        guarded = step not in UNGUARDED
        code = status.HTTP_201_CREATED if step in created else status.HTTP_200_OK
        views[step] = _view(
            step=step,
            call=call,
            model=model,
            kind=kind,
            request_serializer=request_serializer,
            code=code,
            respond=respond,
            schema=extend_schema(
                tags=[tag],
                operation_id=f"{operation_prefix}_{step.replace('-', '_')}",
                request=request_serializer,
                parameters=[
                    *([IF_MATCH] if guarded else []),
                    response_header("ETag", code),
                ],
                responses={code: response_serializer},
                **raises(*codes, *(GUARDED if guarded else ())),
                description=f"{description} {(notes or {}).get(step, '')}".strip(),
            ),
            name=f"{class_prefix}{step.title().replace('-', '')}View",
        )
    return views


def _view(
    *,
    step: str,
    call: Callable[..., Any],
    model: type[Model],
    kind: engine.Reviewed,
    request_serializer: type[StrictSerializer],
    code: int,
    respond: Callable[[Any, int], Response],
    schema: Callable[[Any], Any],
    name: str,
) -> type[APIView]:
    @schema
    def post(self: APIView, request: Request, pk: int) -> Response:
        version = get_object_or_404(model, pk=pk)
        data = validated(request_serializer, request.data or {})
        if step in UNGUARDED:
            return respond(call(version=version, actor=request.user, **data), code)
        changed = write_if_match(
            request, kind, version, lambda locked: call(version=locked, actor=request.user, **data)
        )
        return respond(changed, code)

    return type(name, (EditorialView,), {"post": post})

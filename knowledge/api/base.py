"""What every editorial API view shares: who may call it, and the `If-Match` guard on writes."""

from collections.abc import Callable
from typing import Any, TypeVar

from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.views import APIView

from config.errors import PreconditionRequired, StaleVersion
from config.transactions import write_transaction
from knowledge import engine

T = TypeVar("T")


class CanReadKnowledge(BasePermission):
    """Staff with read access to the knowledge base (every editorial group has it)."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        return bool(request.user and request.user.has_perm("knowledge.view_version"))


class EditorialView(APIView):
    permission_classes = [IsAuthenticated, CanReadKnowledge]


def version_etag(version: Any) -> str:
    """Strong validator of a reviewed version (answer or snippet): changes on every
    save, status steps included. `"v12-..."` for answers, `"s12-..."` for snippets."""
    prefix = "s" if version._meta.model_name == "snippetversion" else "v"
    return f'"{prefix}{version.pk}-{version.updated_at.timestamp():.6f}"'


@write_transaction
def write_if_match(
    request: Request, kind: engine.Reviewed, version: Any, write: Callable[[Any], T]
) -> T:
    """`write(version)` on the version re-read under its lock, when `If-Match` names
    its current ETag: 428 `precondition_required` without one, 412
    `precondition_failed` when it changed since it was read. Both name the current
    `etag`, so a client can read the version again and redo its change."""
    version = engine.lock(kind, version)
    current = version_etag(version)
    given = {tag.strip() for tag in request.headers.get("If-Match", "").split(",") if tag.strip()}
    if not given - {"*"}:
        raise PreconditionRequired(
            "Send `If-Match` with the ETag of the version you read, so a change made "
            "meanwhile is not overwritten.",
            etag=current,
        )
    if current not in given:
        raise StaleVersion(
            "This version changed since you read it; fetch it again and redo your change.",
            etag=current,
        )
    return write(version)

"""What every editorial API view shares: who may call it and its documented errors."""

from drf_spectacular.utils import OpenApiResponse
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.views import APIView

from config.api import ErrorSerializer

ERRORS = {
    code: OpenApiResponse(ErrorSerializer, description=text)
    for code, text in {
        400: "Bad input (`invalid`, `comment_required`, ...).",
        401: "Not logged in (`not_authenticated`, `authentication_failed`).",
        403: "Not allowed (`permission_denied`, `four_eyes`).",
        404: "No such object (`not_found`).",
        409: "Impossible now (`invalid_transition`, `not_editable`, `draft_exists`).",
        412: "The version changed since you read it (`precondition_failed`).",
    }.items()
}


def errors(*codes: int) -> dict[int, OpenApiResponse]:
    return {code: ERRORS[code] for code in (400, 401, 403, 404, *codes)}


class CanReadKnowledge(BasePermission):
    """Staff with read access to the knowledge base (every editorial group has it)."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        return bool(request.user and request.user.has_perm("knowledge.view_version"))


class EditorialView(APIView):
    permission_classes = [IsAuthenticated, CanReadKnowledge]

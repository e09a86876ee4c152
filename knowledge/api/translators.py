"""Editorial API for translators' files: export, import (with its report), and the memory."""

from types import SimpleNamespace

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from config.api import ApiError
from config.errors import InvalidFile
from config.schema import raises, response_header
from knowledge.api.base import EditorialView
from knowledge.translators import exchange, memory

EXPORT_PARAMETERS = {"format", "languages", "entries", "channels", "all"}
TRUE, FALSE = {"1", "true", "yes"}, {"", "0", "false", "no"}


class FormatNamesTheFile(DefaultContentNegotiation):
    """`?format=` names the translation file's format here, not DRF's response renderer
    (which would answer 404 for `format=po`)."""

    settings = SimpleNamespace(URL_FORMAT_OVERRIDE=None)


def _names(value: str | None) -> list[str] | None:
    return None if value is None else [part.strip() for part in value.split(",") if part.strip()]


def _refuse_unknown(request: Request, allowed: set[str]) -> None:
    unknown = sorted(set(request.query_params) - allowed)
    if unknown:
        raise ApiError(
            "invalid_parameter",
            f"Unknown parameters: {', '.join(unknown)}. Allowed: {', '.join(sorted(allowed))}.",
        )


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


UNIT_REPORT = inline_serializer(
    "TranslationImportReport",
    {
        "id": serializers.IntegerField(help_text="The import's record."),
        "units": inline_serializer(
            "TranslationUnitReport",
            {
                "id": serializers.CharField(),
                "language": serializers.CharField(),
                "status": serializers.ChoiceField(["applied", "unchanged", "conflict", "refused"]),
                "reason": serializers.CharField(required=False),
                "version": serializers.IntegerField(required=False),
                "outdated": serializers.BooleanField(required=False),
            },
            many=True,
        ),
    },
)


@extend_schema(tags=["translations"])
class TranslationExportView(EditorialView):
    content_negotiation_class = FormatNamesTheFile

    @extend_schema(
        parameters=[
            OpenApiParameter("format", str, enum=["xliff2", "xliff12", "po"], required=True),
            OpenApiParameter("languages", str, required=True, description="ja,fi"),
            OpenApiParameter("entries", str, description="entry keys, comma-separated"),
            OpenApiParameter("channels", str, description="channel slugs, comma-separated"),
            OpenApiParameter("all", bool, description="up-to-date texts too"),
            response_header("Content-Disposition", 200),
            response_header("Cache-Control", 200),
        ],
        responses={
            (200, "application/xliff+xml"): OpenApiTypes.BINARY,
            (200, "text/x-gettext-translation"): OpenApiTypes.BINARY,
            (200, "application/zip"): OpenApiTypes.BINARY,
        },
        **raises("invalid_parameter", "invalid"),
    )
    def get(self, request: Request) -> HttpResponse:
        """What needs translating, as a file (a zip of one per language when several)."""
        _refuse_unknown(request, EXPORT_PARAMETERS)
        params = request.query_params
        everything = params.get("all", "").lower()
        if everything not in TRUE | FALSE:
            raise ApiError("invalid_parameter", "all is true or false.")
        exported = exchange.export_translations(
            user=request.user,
            fmt=params.get("format", ""),
            languages=_names(params.get("languages")) or [],
            entries=_names(params.get("entries")),
            channels=_names(params.get("channels")),
            everything=everything in TRUE,
        )
        return _download(exported.content, exported.filename, exported.content_type)


@extend_schema(tags=["translations"])
class TranslationImportView(EditorialView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        request={
            "multipart/form-data": inline_serializer(
                "TranslationImport", {"file": serializers.FileField()}
            )
        },
        responses={200: UNIT_REPORT},
        **raises("invalid_parameter", "invalid_file", "translation_refused"),
    )
    def post(self, request: Request) -> Response:
        """Apply a translated file: each translated unit lands in a draft for review."""
        _refuse_unknown(request, set())
        extra = sorted((set(request.data) | set(request.FILES)) - {"file"})
        if extra:
            raise ApiError("invalid_parameter", f"Unknown fields: {', '.join(extra)}; send `file`.")
        upload = request.FILES.get("file")
        if upload is None:
            raise InvalidFile("Send the file as the multipart field `file`.")
        data = upload.read(exchange.max_file_bytes() + 1)
        record = exchange.import_translations(
            user=request.user, data=data, filename=upload.name or ""
        )
        return Response({"id": record.pk, "units": record.units})


@extend_schema(tags=["translations"])
class TranslationMemoryView(EditorialView):
    @extend_schema(
        parameters=[
            OpenApiParameter("languages", str, required=True, description="ja,fi"),
            response_header("Content-Disposition", 200),
            response_header("Cache-Control", 200),
        ],
        responses={(200, "application/x-tmx+xml"): OpenApiTypes.BINARY},
        **raises("invalid_parameter", "invalid"),
    )
    def get(self, request: Request) -> HttpResponse:
        """The translation memory (current published translations) as TMX."""
        _refuse_unknown(request, {"languages"})
        codes = exchange.target_languages(_names(request.query_params.get("languages")) or [])
        return _download(
            memory.memory_tmx(codes),
            f"parley-memory-{'-'.join(codes)}.tmx",
            "application/x-tmx+xml",
        )

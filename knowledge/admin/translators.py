"""Working with translators in the admin: send texts out as a file, take the file back.

One page (Entries › Translators) holds both: the export form, pre-filled from the
language matrix or from entries chosen in the list, and the upload whose per-unit
report is shown right there. Every file in and out is listed under "Translation
files", with who, when and which units.
"""

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode

from config.errors import TranslationRefused, WorkflowError
from knowledge.admin.common import ReadOnlyAdmin
from knowledge.languages import language_codes, language_name, source_language
from knowledge.models import Entry, TranslationFile, Version
from knowledge.translators import exchange, formats, memory

FORMAT_CHOICES = [
    ("xliff2", "XLIFF 2.1"),
    ("xliff12", "XLIFF 1.2 (for tools that read only 1.x)"),
    ("po", "gettext PO"),
]
IMPORT_PERMISSION = "knowledge.change_version"


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class TranslatorsMixin:
    """For the entries' ModelAdmin: the translators page and the list action leading to it."""

    actions = ["send_to_translators"]

    def get_urls(self) -> list:
        return [
            path(
                "translations/",
                self.admin_site.admin_view(self.translators_view),  # type: ignore[attr-defined]
                name="knowledge_entry_translators",
            ),
            *super().get_urls(),  # type: ignore[misc]
        ]

    @admin.action(description="Send selected entries to translators")
    def send_to_translators(self, request: HttpRequest, queryset: QuerySet[Entry]) -> HttpResponse:
        keys = ",".join(queryset.order_by("key").values_list("key", flat=True))
        url = reverse("admin:knowledge_entry_translators")
        return HttpResponseRedirect(f"{url}?{urlencode({'entries': keys})}")

    def translators_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):  # type: ignore[attr-defined]
            raise PermissionDenied
        from channels.models import Channel

        report = None
        source = request.POST if request.method == "POST" else request.GET
        every_language = [c for c in language_codes() if c != source_language()]
        chosen = {
            "format": source.get("format", "xliff2"),
            # A first visit ticks every language; a posted form says what was ticked.
            "languages": [code for code in source.getlist("languages") if code]
            if request.method == "POST" or "languages" in source
            else every_language,
            "channels": source.getlist("channels"),
            "entries": source.get("entries", "").strip(),
            "all": source.get("all") == "1",
        }
        if request.method == "POST" and request.POST.get("action") == "export":
            try:
                exported = exchange.export_translations(
                    user=request.user,
                    fmt=chosen["format"],
                    languages=chosen["languages"],
                    entries=[k.strip() for k in chosen["entries"].split(",") if k.strip()] or None,
                    channels=chosen["channels"] or None,
                    everything=chosen["all"],
                )
            except WorkflowError as error:
                messages.error(request, f"Nothing exported: {error.detail}")
            else:
                return _download(exported.content, exported.filename, exported.content_type)
        elif request.method == "POST" and request.POST.get("action") == "memory":
            try:
                codes = exchange.target_languages(chosen["languages"])
            except WorkflowError as error:
                messages.error(request, error.detail)
            else:
                return _download(
                    memory.memory_tmx(codes),
                    f"parley-memory-{'-'.join(codes)}.tmx",
                    "application/x-tmx+xml",
                )
        elif request.method == "POST" and request.POST.get("action") == "import":
            if not request.user.has_perm(IMPORT_PERMISSION):
                raise PermissionDenied
            upload = request.FILES.get("file")
            if upload is None:
                messages.error(request, "Choose the translated file to import.")
            else:
                record_id = self._import(request, upload)
                if record_id is not None:
                    # Post/redirect/get: going back or reloading never sends the file again.
                    url = reverse("admin:knowledge_entry_translators")
                    return HttpResponseRedirect(f"{url}?{urlencode({'report': record_id})}#report")
        if request.method == "POST":
            # Post/redirect/get here too: the page again, as it was filled in, with the
            # message; going back never lands on a form the browser must send again.
            query: dict[str, Any] = {
                "format": chosen["format"],
                "languages": chosen["languages"] or [""],
                "channels": chosen["channels"],
                "entries": chosen["entries"],
                **({"all": "1"} if chosen["all"] else {}),
            }
            url = reverse("admin:knowledge_entry_translators")
            return HttpResponseRedirect(f"{url}?{urlencode(query, doseq=True)}")
        if request.GET.get("report", "").isdigit():
            report = self._report(
                TranslationFile.objects.filter(
                    pk=int(request.GET["report"]), direction=TranslationFile.Direction.IMPORT
                ).first()
            )
        context = {
            **self.admin_site.each_context(request),  # type: ignore[attr-defined]
            "title": "Translators",
            "opts": Entry._meta,
            "formats": FORMAT_CHOICES,
            "languages": [
                (code, language_name(code))
                for code in language_codes()
                if code != source_language()
            ],
            "channels": Channel.objects.order_by("-is_primary", "slug"),
            "chosen": chosen,
            "report": report,
            "can_import": request.user.has_perm(IMPORT_PERMISSION),
            "recent": TranslationFile.objects.select_related("user")[:8],
            "threshold": memory.MATCH_THRESHOLD,
            "extensions": ", ".join(sorted({f".{e}" for e in formats.EXTENSIONS.values()})),
        }
        return TemplateResponse(request, "admin/knowledge/entry/translators.html", context)

    def _import(self, request: HttpRequest, upload: Any) -> int | None:
        """Apply the uploaded file and say how it went; the import's record (None when the
        file was unreadable)."""
        data = upload.read(exchange.max_file_bytes() + 1)
        try:
            record = exchange.import_translations(
                user=request.user, data=data, filename=upload.name or ""
            )
            rows, record_id = record.units, record.pk
        except TranslationRefused as error:
            rows, record_id = error.extra["units"], error.extra["id"]
            messages.error(request, f"Nothing imported: {error.detail}")
        except WorkflowError as error:
            messages.error(request, f"Not imported: {error.detail}")
            return None
        applied = sum(row["status"] == "applied" for row in rows)
        if applied:
            messages.success(
                request,
                f"{applied} of {len(rows)} unit(s) applied to drafts. Submit each draft for "
                "review: reviewers of its languages check it before it is published.",
            )
        elif not any(row["status"] == "refused" for row in rows):
            messages.warning(request, "Nothing new in this file: no unit was applied.")
        return record_id

    @staticmethod
    def _report(record: TranslationFile | None) -> dict[str, Any] | None:
        """An import's per-unit report as the page shows it, each applied unit with its draft."""
        if record is None:
            return None
        rows = record.units
        versions = {
            version.pk: version
            for version in Version.objects.filter(
                pk__in={row["version"] for row in rows if row.get("version")}
            ).select_related("variant__entry", "variant__channel")
        }
        return {
            "id": record.pk,
            "rows": [{**row, "draft": versions.get(row.get("version"))} for row in rows],
            "counts": {
                status: sum(row["status"] == status for row in rows)
                for status in ("applied", "unchanged", "conflict", "refused")
            },
        }


@admin.register(TranslationFile)
class TranslationFileAdmin(ReadOnlyAdmin):
    """The log of files sent to translators and taken back: read-only."""

    list_display = ["__str__", "format", "filename", "user", "created_at", "summary"]
    list_filter = ["direction", "format"]
    readonly_fields = ["direction", "format", "languages", "filename", "user", "created_at",
                       "export", "unit_table"]  # fmt: skip
    exclude = ["units"]

    @admin.display(description="units")
    def summary(self, record: TranslationFile) -> str:
        return ", ".join(f"{n} {state}" for state, n in sorted(record.counts.items()))

    @admin.display(description="units")
    def unit_table(self, record: TranslationFile) -> str:
        key = "status" if record.direction == TranslationFile.Direction.IMPORT else "state"

        def where(unit: dict) -> str:
            if not unit.get("version"):
                return ""
            url = reverse("admin:knowledge_version_change", args=[unit["version"]])
            return format_html('<a href="{}">draft (version id {})</a>', url, unit["version"])

        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    unit.get("id", ""),
                    unit.get("language", ""),
                    unit.get(key, "") + (" (outdated)" if unit.get("outdated") else ""),
                    where(unit),
                    unit.get("reason", "")
                    or (f"memory match {unit['match']} %" if unit.get("match") else ""),
                )
                for unit in record.units
            ),
        )
        return format_html(
            "<table><thead><tr><th>unit</th><th>language</th><th>{}</th><th>written to</th>"
            "<th></th></tr></thead>"
            "<tbody>{}</tbody></table>",
            key,
            rows,
        )

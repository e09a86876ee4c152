"""Editor admin for the knowledge base.

Translated fields are shown one language at a time (tabs), every model keeps a
history page with per-field diffs, and status is never edited here directly.
"""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from knowledge.languages import language_codes, language_name, localized, localized_all
from knowledge.models import Entry, Tag, Topic, Variant, Version
from knowledge.selectors import (
    entries_with_overview,
    entry_missing_languages,
    variant_incomplete_q,
    version_missing_language_q,
)
from knowledge.workflow import VersionStatus


class ParleyTranslationAdmin(SimpleHistoryAdmin, TranslationAdmin):
    """History page with diffs, plus language tabs for translated fields."""

    class Media:
        js = ("parley/admin/language_tabs.js",)
        css = {"all": ("parley/admin/parley.css",)}


def status_badge(status: str) -> str:
    label = VersionStatus(status).label if status in VersionStatus.values else status
    return format_html('<span class="parley-status parley-status--{}">{}</span>', status, label)


def languages_badge(missing: list[str]) -> str:
    return format_html(
        '<span class="parley-languages">{}</span>',
        format_html_join(
            "",
            '<span class="{}" title="{}">{}</span>',
            (
                ("missing" if code in missing else "", language_name(code), code)
                for code in language_codes()
            ),
        ),
    )


class MissingLanguageFilter(admin.SimpleListFilter):
    """Entries (or versions) lacking title or body in a chosen language."""

    title = "missing language"
    parameter_name = "missing_language"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return [(code, language_name(code)) for code in language_codes()]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        code = self.value()
        if code not in language_codes():
            return queryset
        if queryset.model is Version:
            return queryset.filter(version_missing_language_q(language=code))
        incomplete = Variant.objects.filter(variant_incomplete_q(language=code))
        return queryset.filter(pk__in=incomplete.values("entry_id"))


class VersionStatusFilter(admin.SimpleListFilter):
    """Entries with a version in the chosen status."""

    title = "version status"
    parameter_name = "version_status"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return VersionStatus.choices

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() not in VersionStatus.values:
            return queryset
        versions = Version.objects.filter(status=self.value())
        return queryset.filter(pk__in=versions.values("variant__entry_id"))


@admin.register(Topic)
class TopicAdmin(ParleyTranslationAdmin):
    list_display = ["slug", "name"]
    search_fields = ["slug", *localized_all("name")]


@admin.register(Tag)
class TagAdmin(SimpleHistoryAdmin):
    list_display = ["slug"]
    search_fields = ["slug"]


class VariantInline(admin.TabularInline):
    model = Variant
    extra = 0
    can_delete = False
    show_change_link = True
    fields = ["channel", "published", "open_draft", "languages"]
    readonly_fields = ["channel", "published", "open_draft", "languages"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Variant]:
        return super().get_queryset(request).select_related("channel", "published_version", "draft")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description="published")
    def published(self, variant: Variant) -> str:
        return _version_link(variant.published_version)

    @admin.display(description="open draft")
    def open_draft(self, variant: Variant) -> str:
        return _version_link(variant.draft)

    @admin.display(description="languages (current text)")
    def languages(self, variant: Variant) -> str:
        version = variant.draft or variant.published_version
        return languages_badge(version_missing_languages(version))


def version_missing_languages(version: Version | None) -> list[str]:
    if version is None:
        return language_codes()
    return [
        code
        for code in language_codes()
        if not getattr(version, localized("title", code))
        or not getattr(version, localized("body", code))
    ]


def _version_link(version: Version | None) -> str:
    if version is None:
        return "—"
    url = reverse("admin:knowledge_version_change", args=[version.pk])
    return format_html('<a href="{}">v{}</a> {}', url, version.number, status_badge(version.status))


@admin.register(Entry)
class EntryAdmin(ParleyTranslationAdmin):
    list_display = ["key", "title", "topic", "owner", "review_by", "languages", "updated_at"]
    list_filter = [
        "topic",
        ("variants__channel", admin.RelatedOnlyFieldListFilter),
        VersionStatusFilter,
        MissingLanguageFilter,
    ]
    search_fields = [
        "key",
        *[f"variants__versions__{column}" for column in localized_all("title")],
        *localized_all("questions"),
    ]
    autocomplete_fields = ["topic", "tags"]
    fields = ["key", "topic", "tags", "owner", "review_by", "questions"]
    inlines = [VariantInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Entry]:
        return entries_with_overview(super().get_queryset(request))

    @admin.display(description="title", ordering="overview_title")
    def title(self, entry: Entry) -> str:
        return getattr(entry, "overview_title", None) or "—"

    @admin.display(description="languages")
    def languages(self, entry: Entry) -> str:
        return languages_badge(entry_missing_languages(entry))


@admin.register(Variant)
class VariantAdmin(SimpleHistoryAdmin):
    list_display = ["entry", "channel", "published", "open_draft"]
    list_filter = ["channel", "entry__topic"]
    list_select_related = ["entry", "channel", "published_version", "draft"]
    search_fields = ["entry__key"]
    fields = ["entry", "channel", "published_version", "draft"]
    readonly_fields = ["published_version", "draft"]

    @admin.display(description="published")
    def published(self, variant: Variant) -> str:
        return _version_link(variant.published_version)

    @admin.display(description="open draft")
    def open_draft(self, variant: Variant) -> str:
        return _version_link(variant.draft)

    def get_readonly_fields(self, request: HttpRequest, obj: Variant | None = None) -> list[str]:
        # Which entry and channel a variant belongs to never changes once created.
        if obj is not None:
            return ["entry", "channel", "published_version", "draft"]
        return list(self.readonly_fields)


@admin.register(Version)
class VersionAdmin(ParleyTranslationAdmin):
    list_display = ["__str__", "entry_key", "channel", "number", "status_label", "author"]
    list_filter = [
        "status",
        "variant__channel",
        "variant__entry__topic",
        MissingLanguageFilter,
    ]
    list_select_related = ["variant__entry", "variant__channel", "author"]
    search_fields = ["variant__entry__key", *localized_all("title")]
    fields = ["title", "body"]
    readonly_fields = [
        "variant",
        "number",
        "status_label",
        "author",
        "created_at",
        "submitted_at",
        "approved_at",
        "publish_at",
        "published_at",
    ]

    def get_fields(self, request: HttpRequest, obj: Version | None = None) -> list[str]:
        if obj is not None and not self._can_edit_text(request, obj):
            return [*self.readonly_fields, "texts"]
        return [*self.readonly_fields, *super().get_fields(request, obj)]

    def get_readonly_fields(self, request: HttpRequest, obj: Version | None = None) -> list[str]:
        if obj is not None and not self._can_edit_text(request, obj):
            return [*self.readonly_fields, "texts"]
        return list(self.readonly_fields)

    def _can_edit_text(self, request: HttpRequest, obj: Version) -> bool:
        return self.has_change_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Version | None = None) -> bool:
        # Submitted versions are immutable: their page is view-only for everyone.
        if obj is not None and not obj.is_editable:
            return False
        return super().has_change_permission(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Versions are opened from a variant through the workflow, not from scratch.
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Version | None = None) -> bool:
        return False

    @admin.display(description="entry", ordering="variant__entry__key")
    def entry_key(self, version: Version) -> str:
        return version.variant.entry.key

    @admin.display(description="channel", ordering="variant__channel__slug")
    def channel(self, version: Version) -> str:
        return version.variant.channel.slug

    @admin.display(description="status", ordering="status")
    def status_label(self, version: Version) -> str:
        return status_badge(version.status)

    @admin.display(description="texts")
    def texts(self, version: Version) -> str:
        return format_html(
            '<div class="parley-texts">{}</div>',
            format_html_join(
                "",
                '<h3 lang="{}">{} ({})</h3><strong>{}</strong><pre lang="{}">{}</pre>',
                (
                    (
                        code,
                        language_name(code),
                        code,
                        getattr(version, localized("title", code)) or "—",
                        code,
                        getattr(version, localized("body", code)) or "—",
                    )
                    for code in language_codes()
                ),
            ),
        )

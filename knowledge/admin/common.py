"""What every knowledge admin page shares: history with language tabs, badges, filters."""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from knowledge.languages import (
    language_codes,
    language_name,
)
from knowledge.models import Variant, Version
from knowledge.selectors import (
    variant_incomplete_q,
    version_missing_language_q,
)
from knowledge.workflow import VersionStatus


class ParleyTranslationAdmin(SimpleHistoryAdmin, TranslationAdmin):
    """History page with diffs, plus language tabs for translated fields."""

    class Media:
        js = ("parley/admin/language_tabs.js", "parley/admin/unsaved_guard.js")
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


class ReadOnlyAdmin(admin.ModelAdmin):
    """A record people read and never edit here (logs, tasks the system keeps)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


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


def version_link(version: Any) -> str:
    """A version of either kind as "vN <status>", linked to its admin page; "—" for none."""
    if version is None:
        return "—"
    meta = version._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[version.pk])
    return format_html('<a href="{}">v{}</a> {}', url, version.number, status_badge(version.status))

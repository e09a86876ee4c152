"""Snippets in the admin: a read-only view of each snippet, its live text and versions.

Snippet texts change only through the services (`templates_app.services`), so
the admin shows them and does not edit them; editing buttons come later.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from templates_app.models import Snippet, SnippetVersion


class ReadOnlyAdmin(SimpleHistoryAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Snippet)
class SnippetAdmin(ReadOnlyAdmin):
    list_display = ("key", "kind", "description", "published_version", "draft")
    list_filter = ("kind", "channels")
    search_fields = ("key", "description")


@admin.register(SnippetVersion)
class SnippetVersionAdmin(ReadOnlyAdmin):
    list_display = ("snippet", "number", "status", "author", "published_at")
    list_filter = ("status",)
    search_fields = ("snippet__key",)

from django import forms
from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from channels.models import Channel


@admin.register(Channel)
class ChannelAdmin(SimpleHistoryAdmin):
    list_display = [
        "slug",
        "name",
        "tone",
        "format",
        "max_length",
        "inherits_from",
        "is_primary",
        "public",
    ]
    list_filter = ["tone", "format", "public"]
    list_select_related = ["inherits_from"]
    search_fields = ["slug", "name"]
    # A webhook URL typed without a scheme means https.
    formfield_overrides = {
        models.URLField: {"form_class": forms.URLField, "assume_scheme": "https"}
    }
    fieldsets = [
        (None, {"fields": ["slug", "name", "tone", "format", "max_length", "emoji_allowed"]}),
        ("Variants", {"fields": ["inherits_from", "is_primary"]}),
        ("Languages", {"fields": ["default_language", "fallback_languages"]}),
        ("Access", {"fields": ["public", "webhook_url", "webhook_secret"]}),
    ]

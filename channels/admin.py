from datetime import date, timedelta
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.utils.timezone import now
from simple_history.admin import SimpleHistoryAdmin

from channels import services
from channels.analytics import WEEKS, answer_performance, as_csv, sparkline, weekly_helpful
from channels.gaps import search_gaps
from channels.models import (
    Channel,
    ChannelToken,
    DeliveryStatus,
    Feedback,
    RevisionTask,
    SearchQuery,
    SearchSynonym,
    WebhookDelivery,
)
from channels.webhooks import retry_delivery_now
from knowledge.admin.common import ReadOnlyAdmin
from knowledge.languages import language_codes, language_name, source_language


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
        ("Access", {"fields": ["public", "webhook_url", "webhook_secret_status"]}),
    ]
    readonly_fields = ["webhook_secret_status"]
    actions = ["rotate_webhook_secret"]

    @admin.display(description="Webhook secret")
    def webhook_secret_status(self, obj: Channel) -> str:
        """Whether a secret is set and since when; the secret itself is never shown again."""
        if obj is None or not obj.webhook_secret:
            return "None yet: one is made and shown once when a webhook URL is saved."
        when = obj.webhook_secret_rotated_at
        since = f" since {when:%Y-%m-%d %H:%M} UTC" if when else ""
        grace = ""
        if obj.webhook_previous_secret_until and obj.webhook_previous_secret_until > now():
            grace = (
                "; the previous secret still signs deliveries until "
                f"{obj.webhook_previous_secret_until:%Y-%m-%d %H:%M} UTC"
            )
        return f"Set{since}{grace}. Use the action “Rotate webhook secret” to replace it."

    def save_model(self, request: HttpRequest, obj: Channel, form: Any, change: bool) -> None:
        secret = services.channel_save(channel=obj)
        if secret:
            messages.warning(
                request,
                f"Webhook secret of {obj.slug}; copy it to the receiver now, "
                f"it is not shown again: {secret}",
            )

    @admin.action(description="Rotate webhook secret", permissions=["change"])
    def rotate_webhook_secret(self, request: HttpRequest, queryset: QuerySet[Channel]) -> None:
        hours = settings.PARLEY_WEBHOOK_SECRET_GRACE_HOURS
        for channel in queryset:
            if not channel.webhook_url:
                messages.error(request, f"{channel.slug} has no webhook URL: nothing to sign.")
                continue
            secret = services.channel_webhook_secret_rotate(channel=channel)
            messages.warning(
                request,
                f"New webhook secret of {channel.slug}; copy it now, it is not shown again: "
                f"{secret}. For {hours:g} hours deliveries carry both signatures "
                "(X-Parley-Signature with the new secret, X-Parley-Signature-Previous "
                "with the old one).",
            )


@admin.register(ChannelToken)
class ChannelTokenAdmin(admin.ModelAdmin):
    """Channel tokens. The raw token is shown once, right after it is created."""

    list_display = ["prefix", "channel", "name", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["channel", ("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "prefix", "channel__slug"]
    readonly_fields = ["prefix", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def get_fields(self, request: HttpRequest, obj: ChannelToken | None = None) -> list[str]:
        return ["channel", "name"] if obj is None else ["channel", "name", *self.readonly_fields]

    def get_readonly_fields(self, request: HttpRequest, obj: ChannelToken | None = None) -> list:
        return [*self.readonly_fields, "channel"] if obj is not None else []

    def save_model(self, request: HttpRequest, obj: ChannelToken, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        raw = services.channel_token_issue(obj)
        messages.warning(request, f"Copy this token now, it is not shown again: {raw}")

    def has_delete_permission(self, request: HttpRequest, obj: ChannelToken | None = None) -> bool:
        return False

    @admin.action(description="Revoke selected tokens")
    def revoke(self, request: HttpRequest, queryset: QuerySet[ChannelToken]) -> None:
        for token in queryset:
            services.channel_token_revoke(token=token)
        messages.success(request, f"Revoked {queryset.count()} token(s).")


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    """The webhook log: every delivery, its attempts and the receiver's last answer."""

    list_display = [
        "created_at",
        "channel",
        "event",
        "status",
        "attempts",
        "last_status_code",
        "next_attempt_at",
        "delivered_at",
    ]
    list_filter = ["status", "event", "channel"]
    readonly_fields = [f.name for f in WebhookDelivery._meta.fields]
    actions = ["retry_now"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_retry_permission(self, request: HttpRequest) -> bool:
        # Sending is a change to a channel's traffic, not reading a log.
        return request.user.has_perm("channels.change_channel")

    @admin.action(description="Retry selected deliveries now", permissions=["retry"])
    def retry_now(self, request: HttpRequest, queryset: QuerySet[WebhookDelivery]) -> None:
        sent = 0
        for delivery in queryset.exclude(status=DeliveryStatus.DELIVERED):
            result = retry_delivery_now(delivery.pk)
            sent += bool(result and result.status == DeliveryStatus.DELIVERED)
        messages.info(request, f"{sent} delivered.")


class CommentedFilter(admin.SimpleListFilter):
    title = "comment"
    parameter_name = "commented"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return [("yes", "With a comment")]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        return queryset.exclude(comment="") if self.value() == "yes" else queryset


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = [
        "created_at", "entry", "channel", "language", "version", "helpful", "effort",
        "short_comment",
    ]  # fmt: skip
    list_filter = ["channel", "language", "helpful", "effort", CommentedFilter]
    search_fields = ["entry__key", "comment"]
    list_select_related = ["entry", "channel", "version"]
    readonly_fields = [f.name for f in Feedback._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description="comment")
    def short_comment(self, feedback: Feedback) -> str:
        text = feedback.comment
        return text if len(text) <= 120 else f"{text[:119]}…"


class MissFilter(admin.SimpleListFilter):
    title = "answered"
    parameter_name = "answered"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return [("missed", "Missed at least once"), ("always", "Always answered")]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "missed":
            return queryset.filter(misses__gt=0)
        if self.value() == "always":
            return queryset.filter(misses=0)
        return queryset


@admin.register(SearchSynonym)
class SearchSynonymAdmin(admin.ModelAdmin):
    """Words customers use for the same thing: a question with one finds the others."""

    list_display = ["__str__", "language", "note", "updated_at"]
    list_filter = ["language"]
    search_fields = ["phrases", "note"]
    fields = ["language", "phrases", "note"]

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "language":
            return forms.ChoiceField(
                choices=[(code, language_name(code)) for code in language_codes()],
                label="Language",
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def response_add(self, request: HttpRequest, obj: SearchSynonym, *args: Any) -> Any:
        """Back to the question being tried, when the editor came from one."""
        response = super().response_add(request, obj, *args)
        back = request.GET.get("next", "")
        if "_save" in request.POST and url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return HttpResponseRedirect(back)
        return response


@admin.register(SearchQuery)
class SearchQueryAdmin(admin.ModelAdmin):
    """What customers ask per channel and language; misses first: what the base lacks."""

    list_display = [
        "query",
        "channel",
        "language",
        "searches",
        "misses",
        "last_top_entry",
        "last_top_score",
        "last_seen",
    ]
    list_filter = [MissFilter, "channel", "language"]
    search_fields = ["query"]
    list_select_related = ["channel", "last_top_entry"]
    ordering = ["-misses", "-searches"]
    readonly_fields = [f.name for f in SearchQuery._meta.fields]

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None) -> Any:
        # Searches are counted in the cache and added here by a periodic job.
        seconds = round(settings.PARLEY_SEARCH_LOG_FLUSH_SECONDS)
        subtitle = f"Counts are added in batches: a search shows here within {seconds} seconds."
        return super().changelist_view(request, {"subtitle": subtitle, **(extra_context or {})})

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# --- what customers do with answers: performance, search gaps, revision tasks ----------

SORTS = {
    "served": lambda row: -row.served,
    "votes": lambda row: -row.votes,
    "helpful": lambda row: (row.helpful_rate is None, row.helpful_rate or 0.0),
    "effort": lambda row: (row.effort_mean is None, -(row.effort_mean or 0.0)),
}
# A language this much below the source language's helpful rate stands out.
WORSE_BY = 0.2


@admin.register(RevisionTask)
class RevisionTaskAdmin(ReadOnlyAdmin):
    """Tasks opened by thresholds (read-only: they close when a new text is published);
    the performance and search-gap pages hang off its list."""

    list_display = ["__str__", "state", "assignee", "opened_at", "due_at", "escalated_at"]
    list_filter = ["state", "reason", "channel", "language"]
    list_select_related = ["entry", "channel", "assignee"]
    readonly_fields = [
        "reason", "state", "entry", "channel", "language", "gap", "version", "assignee",
        "evidence_table", "opened_at", "due_at", "reminded_at", "escalated_at", "closed_at",
        "closed_because",
    ]  # fmt: skip
    exclude = ["evidence"]

    @admin.display(description="evidence")
    def evidence_table(self, task: RevisionTask) -> str:
        rows = format_html_join(
            "",
            "<tr><th>{}</th><td>{}</td></tr>",
            (
                (
                    key.replace("_", " "),
                    " · ".join(map(str, value)) if isinstance(value, list) else value,
                )
                for key, value in task.evidence.items()
            ),
        )
        return format_html("<table>{}</table>", rows)

    def get_urls(self) -> list:
        return [
            path(
                "performance/",
                self.admin_site.admin_view(self.performance_view),
                name="channels_answer_performance",
            ),
            path("gaps/", self.admin_site.admin_view(self.gaps_view), name="channels_search_gaps"),
            *super().get_urls(),
        ]

    def _context(self, request: HttpRequest, title: str) -> dict[str, Any]:
        return {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.model._meta,
            "channels": Channel.objects.order_by("-is_primary", "slug"),
            "languages": [(code, language_name(code)) for code in language_codes()],
        }

    def performance_view(self, request: HttpRequest) -> HttpResponse:
        """Per entry, channel and language, worst first; one entry's languages side by side."""
        if not request.user.has_perm("knowledge.view_version"):
            raise PermissionDenied
        chosen = {
            name: request.GET.get(name, "") for name in ("channel", "lang", "since", "o", "entry")
        }
        if "since" not in request.GET:  # the last four weeks unless asked otherwise
            chosen["since"] = (date.today() - timedelta(days=DEFAULT_DAYS - 1)).isoformat()
        try:
            since = date.fromisoformat(chosen["since"]) if chosen["since"] else None
        except ValueError:
            since = None
            messages.error(request, "Since is a date: YYYY-MM-DD.")
        rows = answer_performance(
            channel=chosen["channel"] or None,
            language=chosen["lang"] if chosen["lang"] in language_codes() else None,
            since=since,
            entry=chosen["entry"] or None,
        )
        if chosen["o"] in SORTS:
            rows.sort(key=SORTS[chosen["o"]])
        if request.GET.get("export") == "csv":
            response = HttpResponse(as_csv(rows), content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = 'attachment; filename="answer-performance.csv"'
            return response
        shown = rows[:PERFORMANCE_ROWS]
        trends = weekly_helpful(shown)
        # The SVG is built from numbers only (`sparkline`): nothing a person typed.
        channel_ids = dict(Channel.objects.values_list("slug", "pk"))
        feedback = reverse("admin:channels_feedback_changelist")
        table = [
            {
                "row": row,
                "spark": mark_safe(sparkline(trends[(row.entry, row.channel, row.language)])),  # noqa: S308
                # The comments behind the row: this entry, channel and language.
                "comments_url": f"{feedback}?"
                + urlencode(
                    {
                        "q": row.entry,
                        "channel__id__exact": channel_ids.get(row.channel, ""),
                        "language": row.language,
                        "commented": "yes",
                    }
                ),
            }
            for row in shown
        ]
        context = {
            **self._context(request, "Answer performance"),
            "table": table,
            "total": len(rows),
            "chosen": chosen,
            "side_by_side": _side_by_side(rows) if chosen["entry"] else None,
            "weeks": WEEKS,
            "query": request.GET.urlencode(),
        }
        return TemplateResponse(request, "admin/channels/revisiontask/performance.html", context)

    def gaps_view(self, request: HttpRequest) -> HttpResponse:
        """Questions nothing answered well, grouped, with a way to answer them."""
        if not request.user.has_perm("knowledge.view_version"):
            raise PermissionDenied
        chosen = {name: request.GET.get(name, "") for name in ("channel", "lang")}
        groups = search_gaps(
            channel=chosen["channel"] or None,
            language=chosen["lang"] if chosen["lang"] in language_codes() else None,
        )[:GAP_ROWS]
        write = reverse("admin:knowledge_entry_write")
        for group in groups:
            prefill = {"lang": group.language, "questions": "\n".join(group.questions[:10])}
            group.write_url = f"{write}?{urlencode(prefill)}#lang={group.language}"
        context = {
            **self._context(request, "Search gaps"),
            "groups": groups,
            "chosen": chosen,
            "can_write": request.user.has_perms(["knowledge.add_entry", "knowledge.add_version"]),
        }
        return TemplateResponse(request, "admin/channels/revisiontask/gaps.html", context)


PERFORMANCE_ROWS = 200
DEFAULT_DAYS = 28
GAP_ROWS = 200


def _side_by_side(rows: list[Any]) -> list[dict[str, Any]]:
    """One entry's rows as channels × languages, each language flagged when its helpful
    rate is `WORSE_BY` or more below the source language's on the same channel."""
    source = source_language()
    by_channel: dict[str, dict[str, Any]] = {}
    for row in rows:
        by_channel.setdefault(row.channel, {})[row.language] = row
    table = []
    for channel, cells in by_channel.items():
        base = cells.get(source)
        line = []
        for code in language_codes():
            row = cells.get(code)
            worse = bool(
                row
                and base
                and row.helpful_rate is not None
                and base.helpful_rate is not None
                and base.helpful_rate - row.helpful_rate >= WORSE_BY
            )
            line.append({"code": code, "row": row, "worse": worse})
        table.append({"channel": channel, "cells": line})
    return table

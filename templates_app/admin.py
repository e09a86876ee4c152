"""Snippets in the admin: create one, write its drafts, and take them through review.

Every write goes through `templates_app.services`, as for answers. A snippet's
key, kind, description and channels are set when it is created; its text
changes only through versions, which need a different person's approval
before they reach any channel.
"""

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from config.errors import TextTooLong, UnknownPlaceholder, WorkflowError
from config.limits import check_length
from knowledge.admin.common import ParleyTranslationAdmin, status_badge, version_link
from knowledge.admin.workflow import WorkflowButtonsMixin, parse_publish_at, workflow_buttons
from knowledge.languages import language_codes, localized, localized_all
from templates_app import services
from templates_app.models import Snippet, SnippetVersion, ToneWord

SNIPPET_BUTTONS = workflow_buttons(
    services.SNIPPETS,
    {
        "submit": lambda v, user, data: services.snippet_version_submit(version=v, actor=user),
        "approve": lambda v, user, data: services.snippet_version_approve(
            version=v, actor=user, comment=data.get("comment", "")
        ),
        "request_changes": lambda v, user, data: services.snippet_version_request_changes(
            version=v, actor=user, comment=data.get("comment", "")
        ),
        "publish": lambda v, user, data: services.snippet_version_publish(version=v, actor=user),
        "schedule": lambda v, user, data: services.snippet_version_publish(
            version=v, actor=user, publish_at=parse_publish_at(data.get("publish_at", ""))
        ),
        "unpublish": lambda v, user, data: services.snippet_version_unpublish(
            version=v, actor=user
        ),
        "new_draft": lambda v, user, data: services.snippet_open_draft(
            snippet=v.snippet, actor=user
        ),
    },
)


@admin.register(Snippet)
class SnippetAdmin(SimpleHistoryAdmin):
    list_display = ("key", "kind", "description", "scope", "live", "open_draft")
    list_filter = ("kind", "channels")
    list_select_related = ("published_version", "draft")
    search_fields = ("key", "description")
    fields = ("key", "kind", "description", "channels")
    readonly_fields = ("reference", "live", "open_draft")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Snippet]:
        return super().get_queryset(request).prefetch_related("channels")

    def get_fields(self, request: HttpRequest, obj: Snippet | None = None) -> list[str]:
        return list(self.fields) if obj is None else [*self.fields, *self.readonly_fields]

    def has_change_permission(self, request: HttpRequest, obj: Snippet | None = None) -> bool:
        # Fixed once created: changing the scope would change answers without review.
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Snippet, form: Any, change: bool) -> None:
        data = form.cleaned_data
        draft = services.snippet_create(
            key=data["key"],
            kind=data["kind"],
            description=data.get("description", ""),
            channels=data.get("channels") or [],
            actor=request.user,
        )
        obj.pk = draft.snippet_id
        self._draft = draft

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """The service already set the channels."""

    def response_add(
        self, request: HttpRequest, obj: Snippet, post_url_continue: str | None = None
    ) -> HttpResponse:
        # Straight to the first draft, where the text is written.
        return HttpResponseRedirect(
            reverse("admin:templates_app_snippetversion_change", args=[self._draft.pk])
        )

    @admin.display(description="channels")
    def scope(self, snippet: Snippet) -> str:
        return ", ".join(c.slug for c in snippet.channels.all()) or "all"

    @admin.display(description="use in a body as")
    def reference(self, snippet: Snippet) -> str:
        return format_html("<code>{{{{snippet:{}}}}}</code>", snippet.key)

    @admin.display(description="published")
    def live(self, snippet: Snippet) -> str:
        return version_link(snippet.published_version)

    @admin.display(description="open draft")
    def open_draft(self, snippet: Snippet) -> str:
        return version_link(snippet.draft)


class SnippetTextForm(forms.ModelForm):
    """Refuses unknown placeholders (and snippets inside snippets) with the text kept."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for column in localized_all("text"):
            if column in self.changed_data:
                try:
                    check_length("text", cleaned.get(column), column=column)
                    services.check_snippet_text(cleaned.get(column) or "")
                except (UnknownPlaceholder, TextTooLong) as error:
                    self.add_error(column, error.detail)
        return cleaned


@admin.register(SnippetVersion)
class SnippetVersionAdmin(WorkflowButtonsMixin, ParleyTranslationAdmin):
    list_display = ("__str__", "snippet", "number", "status_label", "author", "published_at")
    list_filter = ("status", "snippet__kind")
    list_select_related = ("snippet", "author")
    search_fields = ("snippet__key", *localized_all("text"))
    form = SnippetTextForm
    fields = ["text"]
    workflow_buttons = SNIPPET_BUTTONS
    opens_draft = frozenset({"new_draft"})
    readonly_fields = (
        "snippet",
        "number",
        "status_label",
        "author",
        "review_comment",
        "review_log",
        "created_at",
        "submitted_at",
        "approved_at",
        "published_at",
    )

    def get_fields(self, request: HttpRequest, obj: SnippetVersion | None = None) -> list[str]:
        if obj is not None and not self.has_change_permission(request, obj):
            return [*self.readonly_fields, *localized_all("text")]
        return [*self.readonly_fields, *super().get_fields(request, obj)]

    def get_readonly_fields(
        self, request: HttpRequest, obj: SnippetVersion | None = None
    ) -> list[str]:
        if obj is not None and not self.has_change_permission(request, obj):
            return [*self.readonly_fields, *localized_all("text")]
        return list(self.readonly_fields)

    def has_open_draft(self, version: SnippetVersion) -> bool:
        return version.snippet.draft_id is not None

    @admin.display(description="Review log")
    def review_log(self, version: SnippetVersion) -> str:
        """Every step of this version: who, when, and what they said."""
        rows = version.transitions.select_related("actor")
        return (
            format_html_join(
                "",
                "<div>{} · {} · {}{}</div>",
                (
                    (
                        f"{row.created_at:%Y-%m-%d %H:%M}",
                        row.actor.username if row.actor else "system",
                        row.action.replace("_", " "),
                        f": {row.comment}" if row.comment else "",
                    )
                    for row in rows
                ),
            )
            or "—"
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        # A version is opened from its snippet (the first on creation, then "Edit").
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: SnippetVersion | None = None
    ) -> bool:
        if obj is not None and not obj.is_editable:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: SnippetVersion, form: Any, change: bool
    ) -> None:
        texts = {
            code: form.cleaned_data[localized("text", code)]
            for code in language_codes()
            if localized("text", code) in form.changed_data
        }
        try:
            services.snippet_version_update(version=obj, actor=request.user, texts=texts)
        except WorkflowError as error:
            request.parley_not_saved = True  # type: ignore[attr-defined]
            self.message_user(request, f"Not saved: {error.detail}", level="error")

    @admin.display(description="status", ordering="status")
    def status_label(self, version: SnippetVersion) -> str:
        return status_badge(version.status)


class ToneWordForm(forms.ModelForm):
    class Meta:
        model = ToneWord
        fields = ["language", "kind", "word", "suggestion"]
        widgets = {"language": forms.Select(choices=[])}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].widget.choices = [(c, c) for c in language_codes()]

    def clean_language(self) -> str:
        language = self.cleaned_data["language"]
        if language not in language_codes():
            raise forms.ValidationError("Choose one of the configured languages.")
        return language


@admin.register(ToneWord)
class ToneWordAdmin(SimpleHistoryAdmin):
    """The editors' jargon and over-formal words; lint uses them with the files' lists."""

    form = ToneWordForm
    list_display = ["word", "suggestion", "language", "kind"]
    list_editable = ["suggestion"]
    list_filter = ["language", "kind"]
    search_fields = ["word", "suggestion"]

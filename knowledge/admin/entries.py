"""Topics, tags, entries and their channel variants."""

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from simple_history.admin import SimpleHistoryAdmin

from channels.models import Channel
from channels.search.service import entry_rank
from config.errors import WorkflowError
from config.numbers import ascii_int
from knowledge import services
from knowledge.admin.common import (
    MissingLanguageFilter,
    ParleyTranslationAdmin,
    VersionStatusFilter,
    languages_badge,
    version_link,
)
from knowledge.admin.translators import TranslatorsMixin
from knowledge.admin.writer import AnswerEditorMixin
from knowledge.languages import (
    language_codes,
    language_name,
    localized,
    localized_all,
    source_language,
)
from knowledge.models import Entry, Tag, Topic, Variant
from knowledge.selectors import (
    MISSING,
    OUTDATED,
    entries_with_overview,
    entry_missing_languages,
    outdated_matrix,
    version_missing_languages,
)


@admin.register(Topic)
class TopicAdmin(ParleyTranslationAdmin):
    list_display = ["slug", "name"]
    search_fields = ["slug", *localized_all("name")]


@admin.register(Tag)
class TagAdmin(SimpleHistoryAdmin):
    list_display = ["slug"]
    search_fields = ["slug"]


class VariantLinksMixin:
    """Columns linking a variant's live version and open draft."""

    @admin.display(description="published")
    def published(self, variant: Variant) -> str:
        return version_link(variant.published_version)

    @admin.display(description="on its way (draft to scheduled)")
    def open_draft(self, variant: Variant) -> str:
        return version_link(variant.draft)


class VariantInline(VariantLinksMixin, admin.TabularInline):
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

    @admin.display(description="languages (current text)")
    def languages(self, variant: Variant) -> str:
        version = variant.draft or variant.published_version
        return languages_badge(version_missing_languages(version))


@admin.register(Entry)
class EntryAdmin(TranslatorsMixin, AnswerEditorMixin, ParleyTranslationAdmin):
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

    def get_readonly_fields(self, request: HttpRequest, obj: Entry | None = None) -> list[str]:
        # Channels and links address answers by key: it never changes once created.
        return ["key"] if obj is not None else []

    def save_model(self, request: HttpRequest, obj: Entry, form: Any, change: bool) -> None:
        """Through `entry_create` / `entry_update`, like the API: one door, one normalisation."""
        data = form.cleaned_data
        questions = {
            code: data.get(localized("questions", code)) or ""
            for code in language_codes()
            if localized("questions", code) in form.changed_data
        }
        fields: dict[str, Any] = {
            "tags": [tag.slug for tag in data.get("tags", [])],
            "questions": questions,
            "owner": data.get("owner"),
            "review_by": data.get("review_by"),
        }
        if change:
            saved = services.entry_update(
                entry=obj, actor=request.user, topic=data["topic"].slug, **fields
            )
        else:
            fields["owner"] = fields["owner"] or request.user  # who writes it owns it
            saved = services.entry_create(
                key=data["key"], topic=data["topic"].slug, actor=request.user, **fields
            )
        obj.pk = saved.pk
        obj.refresh_from_db()

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # Tags were set by the service; the variants' inline has nothing to save.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Entry]:
        return entries_with_overview(super().get_queryset(request))

    def add_view(self, request: HttpRequest, form_url: str = "", extra_context: Any = None):  # noqa: ANN201
        """An answer is written on one page, entry and texts together."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        return HttpResponseRedirect(reverse("admin:knowledge_entry_write"))

    def publish_approved_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Publish every approved text of the entry in one step (Publishers)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        entry = get_object_or_404(Entry, pk=ascii_int(object_id))
        try:
            published = services.entry_publish_approved(entry=entry, actor=request.user)
        except WorkflowError as error:
            messages.error(request, error.detail)
        else:
            names = ", ".join(f"{v.variant.channel.slug} v{v.number}" for v in published)
            messages.success(request, f"Published: {names}.")
        back = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
            back = reverse("admin:knowledge_entry_change", args=[entry.pk])
        return HttpResponseRedirect(back)

    def get_urls(self) -> list:
        return [
            path(
                "<path:object_id>/publish-approved/",
                self.admin_site.admin_view(self.publish_approved_view),
                name="knowledge_entry_publish_approved",
            ),
            path(
                "<path:object_id>/search/",
                self.admin_site.admin_view(self.search_view),
                name="knowledge_entry_search",
            ),
            path(
                "language-matrix/",
                self.admin_site.admin_view(self.language_matrix_view),
                name="knowledge_entry_language_matrix",
            ),
            *super().get_urls(),
        ]

    def search_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Which questions find this entry: its stored ones, and one the editor tries."""
        entry = get_object_or_404(Entry, pk=ascii_int(object_id))
        if not self.has_view_permission(request, entry):
            raise PermissionDenied

        def check(question: str, code: str) -> dict[str, Any]:
            rank, hits = entry_rank(entry.pk, question, code)
            return {"question": question, "language": code, "rank": rank, "top": hits[:3]}

        stored = [
            check(question, code)
            for code in language_codes()
            for question in (getattr(entry, localized("questions", code)) or "").splitlines()
            if question.strip()
        ]
        tried = None
        question = request.GET.get("q", "").strip()[:500]
        language = request.GET.get("lang", "")
        if question and language in language_codes():
            tried = check(question, language)
        # The keys of the entries shown, in one query.
        rows = [*stored, *([tried] if tried else [])]
        shown = {hit.entry_id for row in rows for hit in row["top"]}
        keys = dict(Entry.objects.filter(pk__in=shown).values_list("pk", "key"))
        for row in rows:
            row["top"] = [{"key": keys.get(h.entry_id, "?"), "score": h.score} for h in row["top"]]
        context = {
            **self.admin_site.each_context(request),
            "title": f"Search check: {entry.key}",
            "opts": self.model._meta,
            "original": entry,
            "stored": stored,
            "tried": tried,
            "question": question,
            "language": language or source_language(),
            "languages": [(c, language_name(c)) for c in language_codes()],
            "can_add_synonyms": request.user.has_perm("channels.add_searchsynonym"),
        }
        return TemplateResponse(request, "admin/knowledge/entry/search.html", context)

    def language_matrix_view(self, request: HttpRequest) -> HttpResponse:
        """Entry × channel × language: up to date, outdated or missing."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        chosen = {name: request.GET.get(name, "") for name in ("topic", "channel", "state")}
        entries = Entry.objects.order_by("key")
        if chosen["topic"]:
            entries = entries.filter(topic__slug=chosen["topic"])
        channels = list(Channel.objects.order_by("-is_primary", "slug"))
        shown = [c for c in channels if not chosen["channel"] or c.slug == chosen["channel"]]
        codes = language_codes()
        # Each cell opens its text: the live version, or the editor where none is written.
        live = {
            (entry_id, slug): version_id
            for entry_id, slug, version_id in Variant.objects.filter(
                entry__in=entries, published_version__isnull=False
            ).values_list("entry_id", "channel__slug", "published_version_id")
        }
        rows = []
        for row in outdated_matrix(entries):
            entry = row["entry"]
            line = []
            for channel in shown:
                for code in codes:
                    # A channel without its own variant is served along its inheritance chain.
                    state = (
                        row["cells"][channel.slug][code]
                        if channel.slug in row["cells"]
                        else (MISSING if channel.is_primary else "inherited")
                    )
                    version_id = live.get((entry.pk, channel.slug))
                    if state in (OUTDATED, "up_to_date") and version_id is not None:
                        url = reverse("admin:knowledge_version_change", args=[version_id])
                    else:
                        url = reverse("admin:knowledge_entry_write", args=[entry.pk])
                    line.append(
                        {
                            "state": state,
                            "url": f"{url}#lang={code}",
                            "code": code,
                            "channel": channel.slug,
                        }
                    )
            if chosen["state"] and chosen["state"] not in {cell["state"] for cell in line}:
                continue
            rows.append({"entry": entry, "line": line})
        # The same selection, sent to translators: the entries shown when filtered.
        query: dict[str, Any] = {}
        if chosen["channel"]:
            query["channels"] = chosen["channel"]
        if chosen["topic"] or chosen["state"]:
            query["entries"] = ",".join(row["entry"].key for row in rows)
        translators_url = reverse("admin:knowledge_entry_translators")
        context = {
            **self.admin_site.each_context(request),
            "title": "Language matrix",
            "opts": self.model._meta,
            "media": self.media,
            "rows": rows,
            "languages": codes,
            "shown_channels": shown,
            "channels": channels,
            "topics": Topic.objects.all(),
            "states": [(OUTDATED, "outdated"), (MISSING, "missing")],
            "chosen": chosen,
            "translators_url": f"{translators_url}?{urlencode(query, doseq=True)}",
        }
        return TemplateResponse(request, "admin/knowledge/entry/language_matrix.html", context)

    @admin.display(description="title", ordering="overview_title")
    def title(self, entry: Entry) -> str:
        return getattr(entry, "overview_title", None) or "—"

    @admin.display(description="languages")
    def languages(self, entry: Entry) -> str:
        return languages_badge(entry_missing_languages(entry))


@admin.register(Variant)
class VariantAdmin(VariantLinksMixin, SimpleHistoryAdmin):
    list_display = ["entry", "channel", "published", "open_draft"]
    list_filter = ["channel", "entry__topic"]
    list_select_related = ["entry", "channel", "published_version", "draft"]
    search_fields = ["entry__key"]
    fields = ["entry", "channel", "published_version", "draft"]
    readonly_fields = ["published_version", "draft"]

    def get_readonly_fields(self, request: HttpRequest, obj: Variant | None = None) -> list[str]:
        # Which entry and channel a variant belongs to never changes once created.
        if obj is not None:
            return ["entry", "channel", "published_version", "draft"]
        return list(self.readonly_fields)

    def save_model(self, request: HttpRequest, obj: Variant, form: Any, change: bool) -> None:
        """A variant added here opens with its first draft, through the service."""
        if change:
            return
        draft = services.variant_open_draft(
            entry=obj.entry, channel=obj.channel, actor=request.user
        )
        obj.pk = draft.variant_id
        obj.refresh_from_db()

    def response_add(self, request: HttpRequest, obj: Variant, post_url_continue: Any = None):  # noqa: ANN201
        """Straight to the new draft: that is where the text is written."""
        return HttpResponseRedirect(reverse("admin:knowledge_version_change", args=[obj.draft_id]))

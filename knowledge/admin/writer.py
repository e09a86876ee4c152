"""The answer editor: an entry and its texts for every channel on one admin page.

Languages are tabs; beside each text being translated the page shows the same
channel's source-language text. "Save draft" and "Save and submit" call
`services.answer_save`, which writes every channel's draft in one transaction.
"""

import json
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import slugify

from config.errors import LintFailed, TextTooLong, UnknownPlaceholder, WorkflowError
from config.limits import check_length
from config.numbers import ascii_int
from config.texts import normalise_text
from knowledge import services
from knowledge.diffs import TEXT_FIELDS
from knowledge.languages import language_codes, language_name, localized, source_language
from knowledge.models import Entry, Topic, Variant
from knowledge.services.answers import answer_channels, answer_stamps, shown_version, version_texts
from knowledge.workflow import EDITABLE_STATUSES, Action, VersionStatus
from templates_app.tone.versions import blocking, lint_version

# Shown above each channel's texts: what its readers need (DOMAIN.md).
TONE_HINTS = {
    "plain": "Dry and direct: the steps and the facts, no greeting.",
    "empathetic": "Acknowledge the problem, guide through the fix, agree on what happens next, "
    "close warmly.",
}


def text_name(channel: str, field: str, code: str) -> str:
    """The form field of one channel's title or body in one language."""
    return f"t__{channel}__{field}__{code}"


class AnswerForm(forms.Form):
    """Entry fields and every channel's title and body in every language."""

    key = forms.SlugField(
        max_length=100,
        required=False,
        help_text="How channels ask for this answer; suggested from the help-page title. "
        "It cannot change later.",
    )
    topic = forms.ModelChoiceField(Topic.objects.all(), to_field_name="slug")
    tags = forms.CharField(
        required=False, max_length=500, help_text="Comma-separated, e.g. delivery, refunds."
    )
    loaded = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, entry: Entry | None, channels: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.entry = entry
        self.channels = channels
        if entry is not None:
            del self.fields["key"]
        for code in language_codes():
            self.fields[localized("questions", code)] = forms.CharField(
                required=False,
                strip=False,
                label=f"Example questions ({code})",
                widget=forms.Textarea(attrs={"rows": 3, "lang": code}),
                help_text="One per line: how customers ask it. Search uses them.",
            )
        for channel in channels:
            for code in language_codes():
                self.fields[text_name(channel.slug, "title", code)] = forms.CharField(
                    required=False,
                    strip=False,
                    label=f"Title ({code})",
                    widget=forms.TextInput(attrs={"lang": code, "class": "vTextField"}),
                )
                self.fields[text_name(channel.slug, "body", code)] = forms.CharField(
                    required=False,
                    strip=False,
                    label=f"Body ({code})",
                    widget=forms.Textarea(attrs={"lang": code, "rows": 7}),
                )

    def clean_key(self) -> str:
        key = self.cleaned_data.get("key", "")
        if self.entry is None and key and Entry.objects.filter(key=key).exists():
            raise forms.ValidationError("An entry with this key exists already; choose another.")
        return key

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.entry is None and "key" in self.fields and not cleaned.get("key"):
            title = cleaned.get(text_name(self.channels[0].slug, "title", source_language()), "")
            suggested = slugify(title)[:100].strip("-") if self.channels else ""
            if not suggested:
                self.add_error("key", "Give the answer a key (letters, digits and hyphens).")
            elif Entry.objects.filter(key=suggested).exists():
                self.add_error("key", f"The key '{suggested}' is taken; choose another.")
            else:
                cleaned["key"] = suggested
        self._check_texts(cleaned)
        return cleaned

    def _check_texts(self, cleaned: dict[str, Any]) -> None:
        """Every text's length and references at once, beside the field that has them,
        so an editor fixes them all in one round (the services check them again)."""
        for channel in self.channels:
            for name in TEXT_FIELDS:
                for code in language_codes():
                    field = text_name(channel.slug, name, code)
                    text = normalise_text(cleaned.get(field, ""))
                    if not text:
                        continue
                    try:
                        check_length(name, text)
                        services.check_references({field: text})
                    except TextTooLong as error:
                        limit = error.extra.get("limit")
                        self.add_error(field, f"{len(text)} characters; a {name} may have {limit}.")
                    except UnknownPlaceholder as error:
                        self.add_error(field, error.detail.split(": ", 1)[-1])

    def texts(self) -> dict[str, dict[str, dict[str, str]]]:
        """Channel -> field -> language -> the typed text, for the service."""
        return {
            channel.slug: {
                name: {
                    code: self.cleaned_data.get(text_name(channel.slug, name, code), "")
                    for code in language_codes()
                }
                for name in TEXT_FIELDS
            }
            for channel in self.channels
        }

    def loaded_stamps(self) -> dict[str, str] | None:
        try:
            stamps = json.loads(self.cleaned_data.get("loaded") or "null")
        except ValueError:
            return None
        return stamps if isinstance(stamps, dict) else None


def _initial(entry: Entry | None, variants: dict[str, Variant]) -> dict[str, Any]:
    if entry is None:
        return {"loaded": json.dumps({})}
    initial: dict[str, Any] = {
        "topic": entry.topic.slug,
        "tags": ", ".join(entry.tags.values_list("slug", flat=True)),
        "loaded": json.dumps(answer_stamps(entry)),
    }
    for code in language_codes():
        initial[localized("questions", code)] = getattr(entry, localized("questions", code))
    for slug, variant in variants.items():
        for name, values in version_texts(shown_version(variant)).items():
            for code, text in values.items():
                initial[text_name(slug, name, code)] = text
    return initial


class AnswerEditorMixin:
    """For EntryAdmin: `write/` (a new answer) and `<id>/write/` (change one)."""

    def get_urls(self) -> list:
        view = self.admin_site.admin_view(self.answer_editor_view)  # type: ignore[attr-defined]
        return [
            path("write/", view, name="knowledge_entry_write"),
            path("<path:object_id>/write/", view, name="knowledge_entry_write"),
            *super().get_urls(),  # type: ignore[misc]
        ]

    def answer_editor_view(
        self, request: HttpRequest, object_id: str | None = None
    ) -> HttpResponse:
        entry = None
        if object_id is not None:
            entry = get_object_or_404(
                Entry.objects.select_related("topic"), pk=ascii_int(object_id)
            )
        needed = "knowledge.add_entry" if entry is None else "knowledge.change_entry"
        if not request.user.has_perms([needed, "knowledge.add_version"]):
            raise PermissionDenied
        channels = answer_channels()
        variants = (
            {
                v.channel.slug: v
                for v in Variant.objects.filter(entry=entry).select_related(
                    "channel", "draft", "published_version"
                )
            }
            if entry is not None
            else {}
        )
        errors: dict[str, list[str]] = {}
        findings: dict[str, list[dict]] = {}
        refused: set[str] = set()  # languages with a refused text: their tabs are marked
        if request.method == "POST":
            form = AnswerForm(request.POST, entry=entry, channels=channels)
            if form.is_valid():
                response = self._save_answer(request, form, entry, errors, findings, refused)
                if response is not None:
                    return response
        else:
            initial = _initial(entry, variants)
            # "Create an answer from this" (search gaps): the questions asked, as examples.
            language = request.GET.get("lang", "")
            if entry is None and language in language_codes() and request.GET.get("questions"):
                initial[localized("questions", language)] = request.GET["questions"][:2000]
            form = AnswerForm(initial=initial, entry=entry, channels=channels)
        return TemplateResponse(
            request,
            "admin/knowledge/entry/write.html",
            {
                **self.admin_site.each_context(request),  # type: ignore[attr-defined]
                "title": f"Answer: {entry.key}" if entry else "Write a new answer",
                "opts": Entry._meta,
                "entry": entry,
                "form": form,
                "languages": [(code, language_name(code)) for code in language_codes()],
                # Tabs of languages with a refused text are marked, and the first one opens.
                "error_languages": refused,
                "source_language": source_language(),
                "questions": [form[localized("questions", code)] for code in language_codes()],
                "channels": [
                    _channel_block(form, channel, variants.get(channel.slug), errors, findings)
                    for channel in channels
                ],
                "all_locked": bool(variants)
                and len(variants) == len(channels)
                and all(_locked(variants.get(c.slug)) for c in channels),
                "can_publish": entry is not None
                and request.user.has_perm("knowledge.publish_version"),
            },
        )

    def _save_answer(
        self,
        request: HttpRequest,
        form: AnswerForm,
        entry: Entry | None,
        errors: dict[str, list[str]],
        findings: dict[str, list[dict]],
        refused: set[str],
    ) -> HttpResponse | None:
        submit = "_submit" in request.POST
        data = form.cleaned_data
        try:
            result = services.answer_save(
                actor=request.user,
                entry=entry,
                key=data.get("key", ""),
                topic=data["topic"].slug,
                tags=[
                    slugify(tag, allow_unicode=True)
                    for tag in data["tags"].split(",")
                    if slugify(tag, allow_unicode=True)
                ],
                questions={
                    code: data.get(localized("questions", code), "") for code in language_codes()
                },
                texts=form.texts(),
                loaded=form.loaded_stamps() if entry is not None else None,
                submit=submit,
            )
        except WorkflowError as error:
            channel = str(error.extra.get("channel", ""))
            if isinstance(error, LintFailed):
                findings[channel] = list(error.extra.get("findings", []))
            errors.setdefault(channel, []).append(error.detail)
            column = str(error.extra.get("field", ""))
            refused.update(
                {finding["language"] for finding in findings.get(channel, [])}
                | {
                    code
                    for code in language_codes()
                    if column.endswith(f"_{code.replace('-', '_')}")
                }
            )
            form.add_error(None, f"Nothing was saved. {error.detail}")
            return None
        saved = ", ".join(f"{v.variant.channel.slug} v{v.number}" for v in result.saved)
        warnings = 0
        for version in result.saved:
            if version.status in EDITABLE_STATUSES:
                findings = lint_version(version)
                warnings += len(findings) - len(blocking(findings))
                for finding in blocking(findings):
                    messages.warning(
                        request,
                        f"{version.variant.channel.slug} v{version.number} cannot be submitted "
                        f"yet ({finding.language}): {finding.message}",
                    )
        if submit:
            sent = ", ".join(f"{v.variant.channel.slug} v{v.number}" for v in result.submitted)
            messages.success(request, f"Submitted for review: {sent}.")
        elif saved:
            messages.success(request, f"Drafts saved: {saved}. Submit them when they are ready.")
            if warnings:
                messages.info(
                    request,
                    f"The tone check has {warnings} warning(s) on them: see each version's page "
                    "(the links beside each channel). Warnings never block; acknowledge the "
                    "ones that are right as written.",
                )
        else:
            messages.info(request, "Nothing had changed; nothing was saved.")
        return HttpResponseRedirect(reverse("admin:knowledge_entry_write", args=[result.entry.pk]))


def _locked(variant: Variant | None) -> bool:
    """Whether the channel's text is on its way through review (not editable here)."""
    return (
        variant is not None
        and variant.draft is not None
        and variant.draft.status not in EDITABLE_STATUSES
    )


def _channel_block(
    form: AnswerForm,
    channel: Any,
    variant: Variant | None,
    errors: dict[str, list[str]],
    findings: dict[str, list[dict]],
) -> dict[str, Any]:
    shown = shown_version(variant)
    locked = _locked(variant)
    source = source_language()
    panes = []
    for code in language_codes():
        title = form[text_name(channel.slug, "title", code)]
        body = form[text_name(channel.slug, "body", code)]
        if locked:
            for bound in (title, body):
                bound.field.widget.attrs["readonly"] = True
        panes.append(
            {
                "code": code,
                "title": title,
                "body": body,
                "source_title": form[text_name(channel.slug, "title", source)],
                "source_body": form[text_name(channel.slug, "body", source)],
                "is_source": code == source,
            }
        )
    sent_back = None
    if shown is not None and shown.status == VersionStatus.CHANGES_REQUESTED:
        sent_back = (
            shown.transitions.filter(action=Action.REQUEST_CHANGES)
            .select_related("actor")
            .order_by("-created_at", "-pk")
            .first()
        )
    details = [channel.get_format_display()]
    if channel.max_length:
        details.append(f"up to {channel.max_length} characters")
    if channel.inherits_from_id and not channel.is_primary:
        details.append(f"left blank, it is served the {channel.inherits_from.slug} text")
    return {
        "channel": channel,
        "details": " · ".join(str(d) for d in details),
        "hint": TONE_HINTS.get(channel.tone, ""),
        "shown": shown,
        "sent_back": sent_back,
        "locked": locked,
        "panes": panes,
        "errors": errors.get(channel.slug, []),
        "findings": findings.get(channel.slug, []),
    }

"""Workflow buttons on an admin change page, for answer and snippet versions alike.

A model admin lists its buttons in `workflow_buttons`: name -> label, the
statuses it shows in, the permission it needs and the service call. The
services check everything again; the buttons only hide what could not work.
Each button posts to `<id>/workflow/<name>/`, which runs the call and reports
the outcome as an admin message.
"""

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.db.models import Model
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from config.errors import FourEyesViolation, InvalidInput, WorkflowError
from config.numbers import ascii_int
from knowledge.engine import Reviewed
from knowledge.workflow import TRANSITIONS, Action, VersionStatus, check_four_eyes

# A service call behind a button: (version, user, POST data) -> the version to show.
Call = Callable[[Any, Any, Any], Any]


def from_statuses(action: str) -> frozenset[str]:
    """The statuses the workflow table allows `action` from."""
    return frozenset(status for (name, status) in TRANSITIONS if name == action)


# Every button a reviewed kind may have: the engine's step behind it, and how it looks.
STEPS: dict[str, dict[str, Any]] = {
    "submit": {"action": Action.SUBMIT, "label": "Submit for review"},
    "approve": {"action": Action.APPROVE, "label": "Approve", "comment": "Comment (optional)"},
    "request_changes": {
        "action": Action.REQUEST_CHANGES,
        "label": "Request changes",
        "comment": "What should change?",
        "comment_required": True,
    },
    "publish": {"action": Action.PUBLISH, "label": "Publish now"},
    "schedule": {"action": Action.SCHEDULE, "label": "Schedule", "when": True},
    "unpublish": {"action": Action.UNPUBLISH, "label": "Unpublish"},
    "new_draft": {
        "action": Action.CREATE,
        "label": "Edit (new draft)",
        "statuses": frozenset({VersionStatus.PUBLISHED}),
    },
}


def parse_publish_at(value: str) -> datetime:
    """The schedule form's date and time, in the server's time zone (`TIME_ZONE`, shown
    beside the field) when none is given. A time that has passed is refused."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as error:
        raise InvalidInput("Give the publication time as date and time.") from error
    moment = timezone.make_aware(moment) if timezone.is_naive(moment) else moment
    if moment <= timezone.now():
        raise InvalidInput(
            f"{moment:%Y-%m-%d %H:%M} {settings.TIME_ZONE} has passed: choose a later time, "
            "or publish now."
        )
    return moment


def workflow_buttons(kind: Reviewed, calls: dict[str, Call]) -> dict[str, dict[str, Any]]:
    """The admin buttons of `kind`: statuses from the engine's table, permissions from
    `kind.permissions`, looks from STEPS; `calls` gives each button's service call."""
    buttons = {}
    for name, call in calls.items():
        step = STEPS[name]
        buttons[name] = {
            **{key: value for key, value in step.items() if key not in ("action", "statuses")},
            "statuses": step.get("statuses") or from_statuses(step["action"]),
            "perm": kind.permissions[step["action"]],
            "call": call,
        }
    return buttons


class WorkflowButtonsMixin:
    """For a ModelAdmin of a versioned model with a `status` and a `number`."""

    workflow_buttons: dict[str, dict[str, Any]] = {}
    # Buttons that open a new draft, hidden while the object already has one open.
    opens_draft: frozenset[str] = frozenset({"new_draft", "rollback"})

    def has_open_draft(self, obj: Any) -> bool:
        raise NotImplementedError

    def extra_change_context(self, request: HttpRequest, obj: Any) -> dict[str, Any]:
        """More for the change page's template (the workflow buttons are added)."""
        return {}

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Submitted versions are immutable: their page is view-only for everyone.
        if obj is not None and not obj.is_editable:
            return False
        return super().has_change_permission(request, obj)  # type: ignore[misc]

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict | None = None,
    ) -> HttpResponse:
        obj = self.get_object(request, object_id)  # type: ignore[attr-defined]
        meta = self.model._meta  # type: ignore[attr-defined]
        if (
            request.method == "POST"
            and obj is not None
            and not obj.is_editable
            and request.user.has_perm(f"{meta.app_label}.change_{meta.model_name}")
        ):
            return self.not_saved(request, obj)
        context = dict(extra_context or {})
        if obj is not None:
            context["workflow_actions"] = self.workflow_actions(request, obj)
            context.update(self.extra_change_context(request, obj))
        return super().change_view(request, object_id, form_url, context)  # type: ignore[misc]

    def not_saved(self, request: HttpRequest, obj: Any) -> HttpResponse:
        """A save of a version that moved on meanwhile (submitted from another tab):
        refused, with the typed text shown so nothing is lost."""
        status = obj.get_status_display().lower()
        typed = [
            (name, value)
            for name, value in request.POST.items()
            if value.strip()
            and not name.startswith("_")
            and name not in ("csrfmiddlewaretoken", "loaded")
        ]
        context = {
            **self.admin_site.each_context(request),  # type: ignore[attr-defined]
            "title": f"Not saved: {obj} is {status}",
            "opts": self.model._meta,  # type: ignore[attr-defined]
            "original": obj,
            "status": status,
            "typed": typed,
            "change_url": self._change_url(obj),
        }
        return TemplateResponse(request, "admin/parley/not_saved.html", context, status=409)

    def response_change(self, request: HttpRequest, obj: Any) -> HttpResponse:
        """ "Submit for review" on an edit page submits what was just saved; when the
        save was refused (`request.parley_not_saved`), nothing is submitted."""
        if "_submit_for_review" not in request.POST:
            return super().response_change(request, obj)  # type: ignore[misc]
        if getattr(request, "parley_not_saved", False):
            return HttpResponseRedirect(self._change_url(obj))
        try:
            result = self.workflow_buttons["submit"]["call"](obj, request.user, request.POST)
        except WorkflowError as error:
            messages.error(request, f"Your text is saved, but not submitted: {error.detail}")
            return HttpResponseRedirect(self._change_url(obj))
        result.refresh_from_db()
        status = result.get_status_display().lower()
        messages.success(request, f"Saved and submitted: {result} is now {status}.")
        return HttpResponseRedirect(self._change_url(result))

    def next_in_queue(self, request: HttpRequest, obj: Any) -> tuple[str, str] | None:
        """(label, url) of the next item for this reviewer, for "…and next"; None when
        the kind has no queue or it is empty."""
        return None

    def _url_name(self, suffix: str) -> str:
        meta = self.model._meta  # type: ignore[attr-defined]
        return f"{meta.app_label}_{meta.model_name}_{suffix}"

    def _change_url(self, obj: Model) -> str:
        return reverse(f"admin:{self._url_name('change')}", args=[obj.pk])

    def get_urls(self) -> list:
        view = self.admin_site.admin_view(self.workflow_view)  # type: ignore[attr-defined]
        return [
            path(
                "<path:object_id>/workflow/<str:action>/",
                view,
                name=self._url_name("workflow"),
            ),
            *super().get_urls(),  # type: ignore[misc]
        ]

    def workflow_view(self, request: HttpRequest, object_id: str, action: str) -> HttpResponse:
        """Run one workflow step through its service, then show the result."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = get_object_or_404(self.model, pk=ascii_int(object_id))  # type: ignore[attr-defined]
        button = self.workflow_buttons.get(action)
        if button is None:
            messages.error(request, "Unknown workflow step.")
            return HttpResponseRedirect(self._change_url(obj))
        try:
            result = button["call"](obj, request.user, request.POST)
        except WorkflowError as error:
            messages.error(request, error.detail)
            return HttpResponseRedirect(self._change_url(obj))
        result.refresh_from_db()
        status = result.get_status_display().lower()
        when = (
            f" for {timezone.localtime(result.publish_at):%Y-%m-%d %H:%M} {settings.TIME_ZONE}"
            if result.status == VersionStatus.SCHEDULED and result.publish_at
            else ""
        )
        messages.success(request, f"{button['label']}: {result} is now {status}{when}.")
        if request.POST.get("next") == "queue":
            upcoming = self.next_in_queue(request, result)
            if upcoming is None:
                messages.info(request, "Your review queue is empty.")
                return HttpResponseRedirect(reverse("admin:index"))
            messages.info(request, f"Next in your queue: {upcoming[0]}.")
            return HttpResponseRedirect(upcoming[1])
        return HttpResponseRedirect(self._change_url(result))

    def blocked_reason(self, request: HttpRequest, obj: Any, name: str) -> str | None:
        """Why this person cannot take step `name` on `obj`, though it is open to their role."""
        if name == "approve":
            try:
                check_four_eyes(obj, request.user)
            except FourEyesViolation:
                return "You wrote or edited this version, so another reviewer approves it."
        return None

    def workflow_actions(self, request: HttpRequest, obj: Any) -> list[dict]:
        """The buttons this user may press on `obj` now; steps open to their role that
        they cannot take here come with `blocked` (the reason) instead of a URL."""
        has_open_draft = self.has_open_draft(obj)
        editable_here = obj.is_editable and self.has_change_permission(request, obj)  # type: ignore[attr-defined]
        actions = []
        for name, button in self.workflow_buttons.items():
            if obj.status not in button["statuses"]:
                continue
            if not request.user.has_perm(button["perm"]):
                continue
            if name in self.opens_draft and has_open_draft:
                continue
            blocked = self.blocked_reason(request, obj, name)
            if blocked:
                actions.append({"name": name, "label": button["label"], "blocked": blocked})
                continue
            actions.append(
                {
                    "name": name,
                    "label": button["label"],
                    "url": reverse(f"admin:{self._url_name('workflow')}", args=[obj.pk, name]),
                    "comment": button.get("comment"),
                    "comment_required": button.get("comment_required", False),
                    "when": button.get("when", False),
                    "time_zone": settings.TIME_ZONE,
                    # Submitting from an edit page saves the typed text first.
                    "with_form": name == "submit" and editable_here,
                }
            )
        return actions

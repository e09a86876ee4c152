"""Each person's notices and e-mail choice in the admin; nobody reaches another's.

Every staff member may use these pages whatever their groups: they show the
signed-in person's own rows only, and no URL takes another person's id.
"""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
)
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import Truncator

from notices import services
from notices.models import Notice, NoticeSettings
from notices.selectors import notices_of, wants_email


def _staff(request: HttpRequest) -> bool:
    return request.user.is_active and request.user.is_staff


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


class ReadFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "read"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return [("no", "Unread"), ("yes", "Read")]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() in {"no", "yes"}:
            return queryset.filter(read_at__isnull=self.value() == "no")
        return queryset


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    """My notices: newest first, each linked to its version; marking read."""

    list_display = ["notice", "actor", "created_at", "read"]
    list_display_links = None
    list_filter = [ReadFilter, "event"]
    actions = ["mark_read"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Notice]:
        return notices_of(request.user)

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        return super().changelist_view(request, {"title": "My notices", **(extra_context or {})})

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _staff(request)

    def has_view_permission(self, request: HttpRequest, obj: Notice | None = None) -> bool:
        return _staff(request) and (obj is None or obj.recipient_id == request.user.pk)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Notice | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Notice | None = None) -> bool:
        return False

    def get_urls(self) -> list:
        # The list, following a notice, and "mark all read"; no page takes another's id.
        view = self.admin_site.admin_view
        return [
            path("", view(self.changelist_view), name="notices_notice_changelist"),
            path("read/", view(self.read_all_view), name="notices_notice_read_all"),
            path("<int:notice_id>/open/", view(self.open_view), name="notices_notice_open"),
        ]

    @admin.display(description="notice")
    def notice(self, notice: Notice) -> str:
        url = reverse("admin:notices_notice_open", args=[notice.pk])
        text = Truncator(notice.text).chars(300)
        if notice.is_read:
            return format_html('<a href="{}">{}</a><br>{}', url, notice.title, text)
        return format_html('<a href="{}"><strong>{}</strong></a><br>{}', url, notice.title, text)

    @admin.display(description="read", boolean=True)
    def read(self, notice: Notice) -> bool:
        return notice.is_read

    @admin.action(description="Mark selected notices read")
    def mark_read(self, request: HttpRequest, queryset: QuerySet[Notice]) -> None:
        count = services.notices_mark_read(
            user=request.user, notice_ids=queryset.values_list("pk", flat=True)
        )
        messages.success(request, f"Marked {count} notice(s) read.")

    def open_view(self, request: HttpRequest, notice_id: int) -> HttpResponse:
        """Follow a notice to its version, marking it read (another person's: 404)."""
        notice = notices_of(request.user).filter(pk=notice_id).first()
        if notice is None:
            raise Http404("No such notice.")
        services.notices_mark_read(user=request.user, notice_ids=[notice.pk])
        target = notice.url
        if not target or not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}
        ):
            target = reverse("admin:notices_notice_changelist")
        return HttpResponseRedirect(target)

    def read_all_view(self, request: HttpRequest) -> HttpResponse:
        """POST: mark every unread notice of the person read, then go back."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        count = services.notices_mark_read(user=request.user)
        messages.success(request, f"Marked {count} notice(s) read.")
        return HttpResponseRedirect(_safe_next(request, reverse("admin:notices_notice_changelist")))


class EmailChoiceForm(forms.Form):
    email = forms.BooleanField(
        required=False,
        label="E-mail me my notices",
        help_text="Notices always appear in the admin; this adds an e-mail for each.",
    )


@admin.register(NoticeSettings)
class NoticeSettingsAdmin(admin.ModelAdmin):
    """My e-mail setting: one page, always the signed-in person's own."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _staff(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _staff(request) and (obj is None or obj.user_id == request.user.pk)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_view_permission(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_urls(self) -> list:
        # The list's URL name, so the admin index links here; there is no page per row.
        view = self.admin_site.admin_view
        return [path("", view(self.settings_view), name="notices_noticesettings_changelist")]

    def settings_view(self, request: HttpRequest) -> HttpResponse:
        """Show and change the signed-in person's e-mail choice."""
        if request.method == "POST":
            form = EmailChoiceForm(request.POST)
            if form.is_valid():
                email = form.cleaned_data["email"]
                services.notice_settings_set(user=request.user, email=email)
                messages.success(
                    request, "Notices will be e-mailed to you." if email else "E-mails are off."
                )
                return HttpResponseRedirect(request.path)
        else:
            form = EmailChoiceForm(initial={"email": wants_email(request.user)})
        context = {
            **self.admin_site.each_context(request),
            "title": "E-mail settings",
            "subtitle": None,
            "opts": self.model._meta,
            "form": form,
            "address": request.user.email,
        }
        return TemplateResponse(request, "admin/notices/settings.html", context)

"""Parley's admin site: the Django admin, whose index is each person's work (see
`knowledge.admin.home`). `knowledge.apps.ParleyAdminConfig` makes it `admin.site`."""

from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils import timezone


class ParleyAdminSite(admin.AdminSite):
    """The Django admin, with each person's work on its index page."""

    site_header = "Parley"
    site_title = "Parley"
    index_title = "Your work"
    index_template = "admin/parley/home.html"
    site_url = None  # no public site to view: channels fetch answers over the API

    def index(self, request: HttpRequest, extra_context: dict | None = None) -> TemplateResponse:
        # Imported here: the admin modules register on this site while it is being built.
        from knowledge.admin.home import home_sections, notices_panel

        now = timezone.now()
        context = {
            "home": home_sections(request.user, now=now),
            "now": now,
            "sla_hours": settings.PARLEY_REVIEW_SLA_HOURS,
            "time_zone": settings.TIME_ZONE,
            "notices_panel": notices_panel(),
            "can_write": request.user.has_perms(["knowledge.add_entry", "knowledge.add_version"]),
            **(extra_context or {}),
        }
        return super().index(request, context)

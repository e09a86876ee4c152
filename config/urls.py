from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from channels.api import analytics
from config import views

# admin.site is Parley's site (knowledge.apps.ParleyAdminConfig): a home page per person.
urlpatterns = [
    path("", RedirectView.as_view(url="/admin/", permanent=False)),
    path("admin/", admin.site.urls),
    path("api/v1/delivery/", include("channels.api.urls")),
    path("api/v1/snippets/", include("templates_app.api.urls")),
    path("api/v1/analytics/", include("channels.api.analytics_urls")),
    path(
        "api/v1/revision-tasks/",
        analytics.RevisionTaskListView.as_view(),
        name="revision-tasks",
    ),
    path("api/v1/", include("knowledge.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    # Whatever else is under /api/ is a JSON 404, also with DEBUG on (where
    # Django would show its HTML page listing every route).
    re_path(r"^api(/|$)", views.api_not_found),
]

handler404 = "config.views.not_found"
handler500 = "config.views.server_error"

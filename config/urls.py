from django.contrib import admin
from django.urls import path
from django.views.generic import RedirectView

admin.site.site_header = "Parley"
admin.site.site_title = "Parley"
admin.site.index_title = "Customer-service answers"

urlpatterns = [
    path("", RedirectView.as_view(url="/admin/", permanent=False)),
    path("admin/", admin.site.urls),
]

from django.urls import path

from templates_app.api import views

urlpatterns = [
    path("", views.SnippetListView.as_view(), name="snippet-list"),
    path(
        "versions/<int:pk>/",
        views.SnippetVersionDetailView.as_view(),
        name="snippet-version-detail",
    ),
    *[
        path(f"versions/<int:pk>/{action}/", view.as_view(), name=f"snippet-version-{action}")
        for action, view in views.ACTIONS.items()
    ],
    path("<slug:key>/", views.SnippetDetailView.as_view(), name="snippet-detail"),
    path("<slug:key>/versions/", views.SnippetVersionsView.as_view(), name="snippet-versions"),
]

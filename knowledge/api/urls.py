from django.urls import path

from knowledge.api import translators, views

urlpatterns = [
    path("entries/", views.EntryListView.as_view(), name="entry-list"),
    path("entries/<slug:key>/", views.EntryDetailView.as_view(), name="entry-detail"),
    path(
        "entries/<slug:key>/variants/<slug:channel>/versions/",
        views.VariantVersionsView.as_view(),
        name="variant-versions",
    ),
    path("versions/", views.VersionListView.as_view(), name="version-list"),
    path("versions/<int:pk>/", views.VersionDetailView.as_view(), name="version-detail"),
    *[
        path(f"versions/<int:pk>/{step}/", view.as_view(), name=f"version-{step}")
        for step, view in views.ACTIONS.items()
    ],
    path("versions/<int:pk>/diff/", views.VersionDiffView.as_view(), name="version-diff"),
    path("versions/<int:pk>/lint/", views.VersionLintView.as_view(), name="version-lint"),
    path(
        "translations/export/",
        translators.TranslationExportView.as_view(),
        name="translations-export",
    ),
    path(
        "translations/import/",
        translators.TranslationImportView.as_view(),
        name="translations-import",
    ),
    path(
        "translations/memory/",
        translators.TranslationMemoryView.as_view(),
        name="translations-memory",
    ),
    path("me/review-languages/", views.ReviewLanguagesView.as_view(), name="review-languages"),
]

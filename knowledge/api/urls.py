from django.urls import path

from knowledge.api import views

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
    path("versions/<int:pk>/submit/", views.VersionSubmitView.as_view(), name="version-submit"),
    path("versions/<int:pk>/approve/", views.VersionApproveView.as_view(), name="version-approve"),
    path(
        "versions/<int:pk>/request-changes/",
        views.VersionRequestChangesView.as_view(),
        name="version-request-changes",
    ),
    path("versions/<int:pk>/publish/", views.VersionPublishView.as_view(), name="version-publish"),
    path(
        "versions/<int:pk>/unpublish/",
        views.VersionUnpublishView.as_view(),
        name="version-unpublish",
    ),
    path(
        "versions/<int:pk>/rollback/", views.VersionRollbackView.as_view(), name="version-rollback"
    ),
    path("versions/<int:pk>/diff/", views.VersionDiffView.as_view(), name="version-diff"),
    path("versions/<int:pk>/lint/", views.VersionLintView.as_view(), name="version-lint"),
    path("me/review-languages/", views.ReviewLanguagesView.as_view(), name="review-languages"),
]

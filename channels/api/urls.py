from django.urls import path

from channels.api import views

urlpatterns = [
    path("<slug:channel>/answers/", views.AnswerListView.as_view(), name="delivery-answers"),
    path(
        "<slug:channel>/answers/<slug:key>/",
        views.AnswerDetailView.as_view(),
        name="delivery-answer",
    ),
    path("<slug:channel>/changes/", views.ChangesView.as_view(), name="delivery-changes"),
    path("<slug:channel>/search/", views.SearchView.as_view(), name="delivery-search"),
    path(
        "<slug:channel>/answers/<slug:key>/render/",
        views.RenderView.as_view(),
        name="delivery-render",
    ),
    path(
        "<slug:channel>/answers/<slug:key>/feedback/",
        views.FeedbackView.as_view(),
        name="delivery-feedback",
    ),
]

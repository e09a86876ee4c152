from django.urls import path

from channels.api import analytics

urlpatterns = [
    path("answers/", analytics.AnswerAnalyticsView.as_view(), name="analytics-answers"),
    path("gaps/", analytics.GapAnalyticsView.as_view(), name="analytics-gaps"),
]

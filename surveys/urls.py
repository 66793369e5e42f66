"""Storefront URLs of surveys (the dashboard's are in apps.py)."""

from django.urls import path

from surveys import views

app_name = "surveys"
urlpatterns = [
    path("<slug:slug>/", views.SurveyAnswerView.as_view(), name="answer"),
    path("<slug:slug>/results/", views.SurveyResultsView.as_view(), name="results"),
]

"""Storefront URLs of workshops (the dashboard's are in apps.py)."""

from django.urls import path

from workshops import views

app_name = "workshops"
urlpatterns = [
    path("", views.WorkshopListView.as_view(), name="list"),
    path("<int:pk>/sign-up/", views.SignUpView.as_view(), name="sign-up"),
]

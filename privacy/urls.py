"""URLs of the personal-data app."""

from django.urls import path

from privacy import views

app_name = "privacy"
urlpatterns = [
    path("my-data.json", views.data_export, name="data-export"),
    path("delete-account/", views.AccountDeleteView.as_view(), name="account-delete"),
]

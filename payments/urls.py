"""URLs of payments, mounted under /payments/."""

from django.urls import path

from payments import views

app_name = "payments"
urlpatterns = [
    path("webhook/", views.WebhookView.as_view(), name="webhook"),
    path("connect/", views.ConnectView.as_view(), name="connect"),
    path("settlement.csv", views.SettlementCsvView.as_view(), name="settlement"),
    path("pay/<str:token>/", views.PayView.as_view(), name="pay"),
    path("pay/<str:token>/return/", views.ReturnView.as_view(), name="return"),
    path("pay/<str:token>/abandon/", views.AbandonView.as_view(), name="abandon"),
]

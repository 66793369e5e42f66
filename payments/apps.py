"""App config of payments: its URLs (the card page, its return page, Stripe's webhook, Stripe
onboarding, the settlement report) and who may open them."""

from django.urls import path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from oscar.core.application import OscarConfig

from core.access import TOWN_HALL


class PaymentsConfig(OscarConfig):
    name = "payments"
    verbose_name = _("Payments")
    default_auto_field = "django.db.models.AutoField"

    login_url = reverse_lazy("dashboard:login")
    # The card pages are the resident's (reached by their checkout's secret token), the webhook
    # Stripe's (signed), onboarding the merchant's own shop (MerchantShopMixin).
    permissions_map = {"settlement": TOWN_HALL}

    def ready(self) -> None:
        from payments import receivers  # noqa: F401 (connects the signal receivers)

    def get_urls(self) -> list:
        from payments import views  # views need loaded models (Oscar's pattern)

        urls = [
            path("webhook/", views.WebhookView.as_view(), name="webhook"),
            path("connect/", views.ConnectView.as_view(), name="connect"),
            path("settlement.csv", views.SettlementCsvView.as_view(), name="settlement"),
            path("pay/<str:token>/", views.PayView.as_view(), name="pay"),
            path("pay/<str:token>/return/", views.ReturnView.as_view(), name="return"),
            path("pay/<str:token>/abandon/", views.AbandonView.as_view(), name="abandon"),
        ]
        return self.post_process_urls(urls)

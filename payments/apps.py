"""App config of payments: the card page, its return page and Stripe's webhook."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "payments"
    verbose_name = _("Payments")
    default_auto_field = "django.db.models.AutoField"

    def ready(self) -> None:
        from payments import receivers  # noqa: F401 (connects the signal receivers)

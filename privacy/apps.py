"""App config of the personal-data app."""

from django.apps import AppConfig
from oscar.apps.catalogue.signals import product_viewed


class PrivacyConfig(AppConfig):
    name = "privacy"
    default_auto_field = "django.db.models.AutoField"

    def ready(self) -> None:
        from oscar.apps.customer import receivers as customer_receivers

        # Oscar keeps the products a visitor viewed in a cookie ("recently viewed"): not needed for the
        # site to work, so it would need consent. Only essential cookies are set.
        product_viewed.disconnect(customer_receivers.receive_product_view)

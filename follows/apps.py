"""Residents follow what they like: shops, markets, products back in stock, shops reopening."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowsConfig(AppConfig):
    name = "follows"
    verbose_name = _("Follows")

    def ready(self) -> None:
        from follows import messages, receivers  # noqa: F401
        from orders.message_context import outbox_messages_register

        outbox_messages_register(
            app_config=self, prefix=messages.PREFIX, provider=messages.message_context, names=messages.NAMES
        )

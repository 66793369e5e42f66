"""Residents follow what they like: shops, markets, products back in stock, shops reopening."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowsConfig(AppConfig):
    name = "follows"
    verbose_name = _("Follows")

    def ready(self) -> None:
        from core.personal_data import personal_data_register
        from follows import holes, messages, receivers  # noqa: F401
        from follows.personal_data import follows_export
        from orders.message_context import outbox_messages_register

        personal_data_register(section="follows", export=follows_export)

        outbox_messages_register(
            app_config=self, prefix=messages.PREFIX, provider=messages.message_context, names=messages.NAMES
        )

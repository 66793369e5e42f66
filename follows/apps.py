"""Residents follow what they like: shops, markets, products back in stock, shops reopening."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class FollowsConfig(AppConfig):
    name = "follows"
    verbose_name = _("Follows")

    def ready(self) -> None:
        from follows import messages, receivers  # noqa: F401
        from orders.message_context import outbox_context_provider_register

        outbox_context_provider_register(prefix=messages.PREFIX, provider=messages.message_context)
        post_migrate.connect(messages.event_types_ensure, sender=self)

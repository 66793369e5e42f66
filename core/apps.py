"""App config of the shared core (template filters, middleware, and Oscar's analytics counters made safe)."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"

    def ready(self) -> None:
        from core import analytics

        analytics.install()

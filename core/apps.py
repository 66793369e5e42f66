"""App config of the shared core (template filters, middleware, and Oscar's analytics counters and bulk
lists made safe)."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"

    def ready(self) -> None:
        from core import analytics, bulk, pagecache

        analytics.install()
        bulk.install()
        pagecache.install()

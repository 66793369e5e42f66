"""App config of the shared core (for its template filters)."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"

"""App config of the demo town: its data, its builders and the `seed_demo` command."""

from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "demo"

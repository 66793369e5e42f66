"""App config of the storefront search: search documents of products and shops, kept current."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate
from django.utils.translation import gettext_lazy as _


class TextSearchConfig(AppConfig):
    name = "textsearch"
    verbose_name = _("Storefront search")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from textsearch import postgres, receivers  # noqa: F401 (connects the receivers)

        # Test and bench databases are built from the models, without migrations: the PostgreSQL
        # pieces the migrations create are installed around that build too (idempotent).
        pre_migrate.connect(postgres.before_tables, sender=self)
        post_migrate.connect(postgres.after_tables, sender=self)
        # Existing products get their documents once, after every migration (the models are then
        # those of the code): a deployment upgrading to this app needs no manual step.
        post_migrate.connect(receivers.documents_fill_if_missing, sender=self)

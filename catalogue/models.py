"""The catalogue models are Oscar's (Oscar's fork pattern); a product's description is sanitised on save."""

from oscar.apps.catalogue.abstract_models import AbstractProduct

from core.html import sanitize_html


class Product(AbstractProduct):
    def save(self, *args, **kwargs) -> None:
        # A merchant is an outside tenant: whatever markup they type keeps only plain formatting.
        self.description = sanitize_html(self.description)
        super().save(*args, **kwargs)


from oscar.apps.catalogue.models import *  # noqa: E402, F403 (after our Product, so Oscar skips its own)

"""The marketplace project: settings, URLs, the Celery app and storefront-wide concerns."""

from .celery import app as celery_app

__all__ = ["celery_app"]

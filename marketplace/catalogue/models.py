"""The catalogue models are Oscar's, unchanged (Oscar's fork pattern)."""

from oscar.apps.catalogue.models import *  # noqa: F403

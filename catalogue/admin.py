"""The catalogue admin is Oscar's, unchanged (Oscar's fork pattern)."""

from oscar.apps.catalogue.admin import *  # noqa: F403

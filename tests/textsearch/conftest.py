"""The demo town, seeded once for a test module and rolled back after it: what residents search."""

import io

import pytest
from django.contrib.sites.models import Site
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings


@pytest.fixture(scope="module")
def demo_town(django_db_setup, django_db_blocker, tmp_path_factory) -> None:
    media = tmp_path_factory.mktemp("demo-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        call_command("seed_demo", stdout=io.StringIO())  # seed_demo writes the search documents too
        yield
        transaction.set_rollback(True)
    Site.objects.clear_cache()

"""Fixtures shared by the town hall tests: a logged-in member of the town hall group."""

import pytest
from django.test import Client

from core.roles import ensure_town_hall_group
from shops.factories import UserFactory


@pytest.fixture
def town_hall(db) -> Client:
    """A client logged in as a town hall member (mairie@example.com, staff, in the town hall group)."""
    user = UserFactory(email="mairie@example.com", is_staff=True)
    user.groups.add(ensure_town_hall_group())
    client = Client()
    client.force_login(user)
    return client

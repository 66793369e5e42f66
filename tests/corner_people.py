"""The people of the digital corner's tests (imported by each corner app's conftest): manager, town hall,
two merchants, a resident."""

import pytest
from django.test import Client

from accompaniment.factories import make_manager, make_town_hall
from shops.factories import ShopFactory, UserFactory, make_merchant


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def manager(db):
    return make_manager()


@pytest.fixture
def shop(db):
    return ShopFactory(name="Fromagerie Mère Colette")


@pytest.fixture
def other_shop(db):
    return ShopFactory(name="Au Pain de Viroflay")


@pytest.fixture
def people(manager, shop, other_shop) -> dict[str, Client]:
    """A logged-in client for each kind of user, plus anonymous."""
    return {
        "manager": logged_in(manager),
        "town_hall": logged_in(make_town_hall()),
        "merchant": logged_in(make_merchant(shop)),
        "other_merchant": logged_in(make_merchant(other_shop)),
        "resident": logged_in(UserFactory(email="resident@example.com")),
        "anonymous": Client(),
    }

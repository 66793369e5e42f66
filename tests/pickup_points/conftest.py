"""Pickup point tests: a Tuesday morning, two shops that drop at the market hall, a Stripe stub."""

import pytest
import time_machine
from django.core.cache import cache

from pickup_points.factories import PickupPointFactory
from shops.factories import ProductFactory, ShopFactory
from tests.payments.conftest import stripe_stub  # noqa: F401 (the card payment a pickup point needs)
from tests.pickup_points.placing import NOW


@pytest.fixture(autouse=True)
def _tuesday_morning():
    cache.clear()  # code attempts are counted in the cache
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def town(db):
    opted_in = {"drops_at_pickup_points": True}
    baker = ShopFactory(name="Fournil du Marché", email="fournil@example.com", **opted_in)
    cheese = ShopFactory(name="Fromagerie Rieussec", email="fromager@example.com", **opted_in)
    point = PickupPointFactory()
    bread = ProductFactory(shop=baker, title="Baguette tradition", stock=10)
    comte = ProductFactory(shop=cheese, title="Comté 18 mois", stock=10)
    return {"baker": baker, "cheese": cheese, "point": point, "bread": bread, "comte": comte}

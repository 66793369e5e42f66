"""A Stripe stub per test with the site's keys pointing the real stripe SDK at it, and a small town."""

import pytest
import time_machine

from shops.factories import ProductFactory, ShopFactory
from tests.payments.shopping import NOW
from tests.payments.stripe_stub import PUBLISHABLE_KEY, SECRET_KEY, WEBHOOK_SECRET, StripeStub


@pytest.fixture(autouse=True)
def _tuesday_morning():
    # Time ticks: Stripe's signatures are checked against the clock.
    with time_machine.travel(NOW, tick=True):
        yield


@pytest.fixture
def stripe_stub(settings):
    stub = StripeStub().start()
    settings.STRIPE_SECRET_KEY = SECRET_KEY
    settings.STRIPE_PUBLISHABLE_KEY = PUBLISHABLE_KEY
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_API_BASE = stub.url
    yield stub
    stub.stop()


@pytest.fixture
def town(db):
    baker = ShopFactory(name="Fournil du Marché")
    cheese = ShopFactory(name="Fromagerie Rieussec")
    florist = ShopFactory(name="Fleurs de Jouy", offers_delivery=True)
    return {
        "baker": (baker, ProductFactory(shop=baker, title="Baguette tradition", price="1.30", stock=10)),
        "cheese": (cheese, ProductFactory(shop=cheese, title="Comté 18 mois", price="4.90", stock=3)),
        "florist": (florist, ProductFactory(shop=florist, title="Bouquet de saison", price="25.00", stock=5)),
    }

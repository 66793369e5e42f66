"""Payouts through a real Redis broker and Celery worker process: a transfer Stripe refuses for lack
of funds comes back through the broker and goes through once. Needs REDIS_URL and PostgreSQL."""

import pytest

from payments.models import Transfer
from shops.factories import make_merchant
from tests.orders.conftest import real_broker, start_worker, worker_queue  # noqa: F401 (fixtures)
from tests.payments.stripe_stub import PUBLISHABLE_KEY, SECRET_KEY, WEBHOOK_SECRET
from tests.payments.test_payouts import collect, linked_cheese_shop, paid_checkout
from tests.worker import wait_for

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def stripe_for_the_worker(stripe_stub, monkeypatch):
    """The worker process reads its settings from the environment: point it at the test's stub."""
    for name, value in {
        "STRIPE_SECRET_KEY": SECRET_KEY,
        "STRIPE_PUBLISHABLE_KEY": PUBLISHABLE_KEY,
        "STRIPE_WEBHOOK_SECRET": WEBHOOK_SECRET,
        "STRIPE_API_BASE": stripe_stub.url,
    }.items():
        monkeypatch.setenv(name, value)
    return stripe_stub


def test_a_transfer_short_of_funds_comes_back_through_the_broker(
    client, town, stripe_for_the_worker, real_broker, start_worker, worker_queue  # noqa: F811
):
    stub = stripe_for_the_worker
    merchant = make_merchant(town["cheese"][0], email="fromagerie@example.com")
    linked_cheese_shop(client, merchant)
    checkout = paid_checkout(client, town, stub)
    stub.funds_short = 1
    start_worker(queue=worker_queue)

    collect(checkout.orders.get(shop=town["cheese"][0]), merchant)

    wait_for(Transfer.objects.exists, timeout=40, what="the shop's transfer")
    assert len(stub.calls("POST", "/v1/transfers")) == 2
    assert [transfer["amount"] for transfer in stub.transfers.values()] == [490]

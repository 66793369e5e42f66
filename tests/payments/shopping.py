"""What a resident does in the tests: fill a basket, check out, pay with a test card."""

import datetime as dt
from zoneinfo import ZoneInfo

import stripe
from django.urls import reverse

from tests.payments.stripe_stub import SECRET_KEY, StripeStub

PARIS = ZoneInfo("Europe/Paris")
NOW = dt.datetime(2026, 11, 24, 9, 0, tzinfo=PARIS)  # a Tuesday morning

CONTACT = {
    "first_name": "Camille",
    "last_name": "Martin",
    "email": "camille@example.com",
    "phone": "06 12 34 56 78",
}


def slot(hour: int, minute: int = 0) -> str:
    return dt.datetime(2026, 11, 24, hour, minute, tzinfo=PARIS).astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M")


def fill_basket(client, town, *shops: str) -> None:
    for key in shops or ("baker", "cheese"):
        response = client.post(reverse("basket:add", kwargs={"pk": town[key][1].pk}), {"quantity": 1})
        assert response.status_code == 302


def checkout_data(town, *, payment: str | None = "card", delivery: bool = False) -> dict:
    """Baker and cheese picked up; the florist delivered when `delivery`."""
    baker, cheese, florist = (town[key][0] for key in ("baker", "cheese", "florist"))
    data = {
        **CONTACT,
        f"shop-{baker.pk}-method": "pickup",
        f"shop-{baker.pk}-slot": slot(16),
        f"shop-{cheese.pk}-method": "pickup",
        f"shop-{cheese.pk}-slot": slot(17, 30),
    }
    if delivery:
        data.update(
            {
                f"shop-{florist.pk}-method": "delivery",
                f"shop-{florist.pk}-window": slot(15),
                f"shop-{florist.pk}-address": "12 rue Rieussec",
                f"shop-{florist.pk}-postcode": "78220",
                f"shop-{florist.pk}-city": "Viroflay",
            }
        )
    if payment:
        data["payment-method"] = payment
    return data


def pay_in_browser(stub: StripeStub, intent_id: str, payment_method: str) -> str:
    """What Stripe.js does when the resident presses Pay: confirm the intent with their card."""
    client = stripe.StripeClient(SECRET_KEY, base_addresses={"api": stub.url})
    return client.v1.payment_intents.confirm(intent_id, params={"payment_method": payment_method}).status

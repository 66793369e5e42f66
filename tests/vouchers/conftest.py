"""Shops, a resident's basket with offers applied as the basket middleware does, and issued vouchers."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from oscar.core.loading import get_class, get_model

from orders.models import Fulfilment
from orders.placement import Contact, FulfilmentChoice
from tests.payments.conftest import stripe_stub  # noqa: F401 (the Stripe stub fixture, for every voucher test)
from townhall.gift_vouchers.services import vouchers_issue

Applicator = get_class("offer.applicator", "Applicator")
Basket = get_model("basket", "Basket")
Selector = get_class("partner.strategy", "Selector")

PARIS = ZoneInfo("Europe/Paris")
# A Tuesday morning: the factory shops open Monday to Saturday, 8:00–13:00 and 15:00–19:30.
NOW = dt.datetime(2026, 11, 24, 9, 0, tzinfo=PARIS)
AFTERNOON = dt.datetime(2026, 11, 24, 16, 0, tzinfo=PARIS)
CONTACT = Contact(email="camille@example.com", phone="06 12 34 56 78")


@pytest.fixture(autouse=True)
def _tuesday_morning():
    with time_machine.travel(NOW, tick=False):
        yield


def issue(amount: str = "20.00", *, code: str = "NOEL-2026", category=None, days: int = 30, count: int = 1):
    vouchers = vouchers_issue(
        name=f"Chèque cadeau {code or amount}",
        amount=Decimal(amount),
        count=count,
        start=NOW - dt.timedelta(days=1),
        end=NOW + dt.timedelta(days=days),
        category=category,
        code=code,
    )
    return vouchers[0] if count == 1 else vouchers


def basket_with(*items, vouchers=(), user=None) -> Basket:
    """A basket with its lines and vouchers, discounts applied as on every request."""
    basket = Basket.objects.create(owner=user)
    basket.strategy = Selector().strategy()
    for product, quantity in items:
        basket.add_product(product, quantity)
    for voucher in vouchers:
        basket.vouchers.add(voucher)
    return reload(basket, user)


def reload(basket: Basket, user=None) -> Basket:
    """The basket as the next request reads it (the middleware applies the offers anew)."""
    basket = Basket.objects.get(pk=basket.pk)
    basket.strategy = Selector().strategy()
    Applicator().apply(basket, user or AnonymousUser())
    return basket


def one_shop_checkout(shop, *, payment: str | None = None, delivery: bool = False) -> dict:
    """The checkout form for one shop's basket: picked up this afternoon, or delivered from 15:00 to
    12 rue Rieussec (the form takes its times in UTC). No `payment`: no payment choice is sent."""
    data = {"email": CONTACT.email, "phone": CONTACT.phone, "first_name": "Camille", "last_name": "Martin"}
    if payment:
        data["payment-method"] = payment
    if not delivery:
        data[f"shop-{shop.pk}-method"] = "pickup"
        data[f"shop-{shop.pk}-slot"] = AFTERNOON.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M")
        return data
    window = dt.datetime(2026, 11, 24, 15, 0, tzinfo=PARIS).astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M")
    data[f"shop-{shop.pk}-method"] = "delivery"
    data[f"shop-{shop.pk}-window"] = window
    data[f"shop-{shop.pk}-address"] = "12 rue Rieussec"
    data[f"shop-{shop.pk}-postcode"] = "78220"
    data[f"shop-{shop.pk}-city"] = "Viroflay"
    return data


def pickups(*shops) -> dict:
    return {shop.pk: FulfilmentChoice(method=Fulfilment.PICKUP, slot_start=AFTERNOON) for shop in shops}

"""A small town for pickup point tests: two opted-in shops, the market hall, and placing there."""

import datetime as dt
from zoneinfo import ZoneInfo

from oscar.core.loading import get_class, get_model

from orders.models import Fulfilment
from orders.placement import Contact, FulfilmentChoice, checkout_place

Basket = get_model("basket", "Basket")
Selector = get_class("partner.strategy", "Selector")
PARIS = ZoneInfo("Europe/Paris")
NOW = dt.datetime(2026, 11, 24, 9, 0, tzinfo=PARIS)  # a Tuesday morning
FIVE_PM = dt.datetime(2026, 11, 24, 17, 0, tzinfo=PARIS)
CONTACT = Contact(
    email="camille@example.com",
    first_name="Camille",
    last_name="Martin",
    phone="06 12 34 56 78",
    sms_opt_in=True,
)


def basket_with(*products) -> Basket:
    basket = Basket.objects.create()
    basket.strategy = Selector().strategy()
    for product in products:
        basket.add_product(product, 1)
    return basket


def at_point(point, start=FIVE_PM) -> FulfilmentChoice:
    return FulfilmentChoice(method=Fulfilment.PICKUP_POINT, slot_start=start, point=point)


def place_at_point(town, start=FIVE_PM, **kwargs):
    basket = basket_with(town["bread"], town["comte"])
    choice = at_point(town["point"], start)
    return checkout_place(
        basket=basket,
        choices={town["baker"].pk: choice, town["cheese"].pk: choice},
        contact=CONTACT,
        user=None,
        **kwargs,
    )

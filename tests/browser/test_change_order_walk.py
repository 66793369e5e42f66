"""The resident stays in control, on a 360 px phone in French: the baker closes the day of a booked
pickup and moves it; the resident opens the link of the message, picks another day and time with the
slot picker's chips, and the tracking page shows the new time (orders/changes.py, orders/stranded.py)."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from orders.models import Order, Status
from orders.placement import Contact, FulfilmentChoice, checkout_place
from orders.stranded import stranded_orders_move
from shops.factories import ProductFactory
from shops.models import Closure
from tests.browser.conftest import always_open_shop, check_page
from tests.browser.test_resident_walk import choose_slot
from tests.orders.test_stranded import Basket, Selector

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.french]


def test_the_resident_follows_the_link_and_picks_another_day(page: Page) -> None:
    shop = always_open_shop(name="Boulangerie Dupain")
    bread = ProductFactory(shop=shop, title="Baguette")
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    slot = timezone.make_aware(dt.datetime.combine(tomorrow, dt.time(10)))
    basket = Basket.objects.create()
    basket.strategy = Selector().strategy()
    basket.add_product(bread, 1)
    checkout = checkout_place(
        basket=basket,
        choices={shop.pk: FulfilmentChoice(slot_start=slot)},
        contact=Contact(email="camille@example.com", first_name="Camille"),
        user=None,
    )
    order = checkout.orders.get()
    Closure.objects.create(shop=shop, start_date=tomorrow, end_date=tomorrow, reason="Inventaire")
    stranded_orders_move(shop=shop, actor=None)
    link = re.search(r"https?://[^/\s]+(/\S+/time/)", mail.outbox[-1].body).group(1)

    page.goto(link)
    expect(page.get_by_text("sera fermé au créneau choisi")).to_be_visible()
    select = page.locator("select[name=slot]")
    choose_slot(select, select.locator("option:not([disabled]):not([value=''])").nth(2))
    check_page(page, "change-slot")
    page.get_by_role("button", name="Réserver ce créneau").click()

    expect(page.get_by_text("Votre nouveau créneau est réservé")).to_be_visible()
    order = Order.objects.get(pk=order.pk)
    assert order.status == Status.PLACED and order.reschedule_asked_at is None
    assert timezone.localdate(order.slot_start) != tomorrow
    expect(page.get_by_role("link", name="Changer le créneau")).to_be_visible()
    check_page(page, "change-slot-tracking")

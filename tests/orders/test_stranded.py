"""Nobody stranded (orders/stranded.py and its merchant page): a closure, shorter hours or "closed for
now" saved over booked orders says how many it hits and lets the merchant cancel them with a reason."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from oscar.core.loading import get_class, get_model

from orders.models import Status
from orders.placement import Contact, FulfilmentChoice, checkout_place
from orders.stranded import slot_within_hours, stranded_orders
from shops.factories import ProductFactory, ShopFactory, make_merchant
from shops.hours import ClosurePeriod, TimeRange, WeeklyHours
from tests.shops.test_dashboard import logged_in, profile_data

Basket = get_model("basket", "Basket")
Selector = get_class("partner.strategy", "Selector")
PARIS = ZoneInfo("Europe/Paris")
TUESDAY = dt.date(2026, 11, 24)


def at(hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(TUESDAY, dt.time(hour, minute), tzinfo=PARIS)


@pytest.fixture(autouse=True)
def _tuesday_morning():
    with time_machine.travel(at(7, 0), tick=False):
        yield


@pytest.fixture
def baker(db):
    shop = ShopFactory(name="Boulangerie Dupain", preparation_minutes=0)
    return shop, make_merchant(shop, email="paul@dupain.fr"), ProductFactory(shop=shop, title="Baguette")


def my_shop(shop, *, closes: str = "19:00", **changes) -> dict:
    """"My shop" as posted with the shop's own hours (Monday to Saturday, 8–13 and 15–`closes`)."""
    day_ranges = (("08:00", "13:00"), ("15:00", closes))
    ranges = [(day, opens, ends) for day in range(6) for opens, ends in day_ranges]
    hours = {"hours-TOTAL_FORMS": str(len(ranges))}
    for index, (day, opens, ends) in enumerate(ranges):
        prefix = f"hours-{index}-"
        hours.update({f"{prefix}weekday": str(day), f"{prefix}opens": opens, f"{prefix}closes": ends})
    return profile_data(shop, **hours, **changes)


def book(shop, product, slot_start: dt.datetime):
    basket = Basket.objects.create()
    basket.strategy = Selector().strategy()
    basket.add_product(product, 1)
    checkout = checkout_place(
        basket=basket,
        choices={shop.pk: FulfilmentChoice(slot_start=slot_start)},
        contact=Contact(email="camille@example.com", first_name="Camille", last_name="Martin"),
        user=None,
    )
    return checkout.orders.get()


def test_a_slot_is_within_hours_only_inside_one_range_and_not_on_a_closure_day() -> None:
    week = WeeklyHours({1: [TimeRange(dt.time(8), dt.time(13)), TimeRange(dt.time(15), dt.time(19))]})
    assert slot_within_hours(week, at(16), at(16, 30), PARIS)
    assert not slot_within_hours(week, at(12, 45), at(13, 15), PARIS)  # runs past the lunch break
    closed = WeeklyHours(week.ranges, closures=[ClosurePeriod(TUESDAY, TUESDAY, "Inventaire")])
    assert not slot_within_hours(closed, at(16), at(16, 30), PARIS)


def test_a_closure_over_a_booked_day_says_how_many_orders_and_cancels_them(baker) -> None:
    shop, merchant, bread = baker
    afternoon = book(shop, bread, at(16))
    next_week = book(shop, bread, at(16) + dt.timedelta(days=7))
    client = logged_in(merchant)
    data = my_shop(
        shop,
        **{
            "closures-0-start_date": TUESDAY.isoformat(),
            "closures-0-end_date": TUESDAY.isoformat(),
            "closures-0-reason": "Inventaire",
        },
    )

    response = client.post(reverse("dashboard:shop-profile"), data, follow=True)

    html = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("dashboard:order-stranded")
    assert "1 booked order falls outside your new opening times" in html
    assert afternoon.number in html and next_week.number not in html

    client.post(reverse("dashboard:order-stranded"), {"action": "cancel"})
    afternoon.refresh_from_db()
    next_week.refresh_from_db()
    assert afternoon.status == Status.CANCELLED
    assert afternoon.cancellation_reason == "Boulangerie Dupain will be closed at the time you chose."
    assert afternoon.lines.get().stockrecord.num_allocated == 1  # its loaf is back on sale, not next week's
    assert next_week.status == Status.PLACED


def test_shorter_hours_hit_only_the_slots_they_leave_out(baker) -> None:
    shop, merchant, bread = baker
    late, early = book(shop, bread, at(18)), book(shop, bread, at(10))
    # The factory's hours end at 19:00 in the afternoon; the baker now closes at 17:00.
    data = my_shop(shop, closes="17:00")
    response = logged_in(merchant).post(reverse("dashboard:shop-profile"), data)
    assert response["Location"] == reverse("dashboard:order-stranded")
    assert [order.pk for order in stranded_orders(shop=shop)] == [late.pk]
    assert early.pk not in [order.pk for order in stranded_orders(shop=shop)]


def test_closing_for_now_with_booked_orders_leads_to_them_and_a_change_without_any_does_not(baker) -> None:
    shop, merchant, bread = baker
    client = logged_in(merchant)
    response = client.post(reverse("dashboard:shop-profile"), my_shop(shop), follow=True)
    assert "Your shop is saved." in response.content.decode()

    book(shop, bread, at(16))
    response = client.post(
        reverse("dashboard:shop-today"), {"today-closed": "on", "today-message": "Malade"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("dashboard:order-stranded")
    assert "1 booked order falls outside" in response.content.decode()


def test_only_the_merchants_own_orders_are_listed(baker, db) -> None:
    shop, merchant, bread = baker
    other = ShopFactory(name="Fromagerie")
    book(other, ProductFactory(shop=other), at(16))
    other.temporarily_closed = True
    other.save()
    assert len(stranded_orders(shop=other)) == 1
    assert "No booked order falls outside" in logged_in(merchant).get(
        reverse("dashboard:order-stranded")
    ).content.decode()
